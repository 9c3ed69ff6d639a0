import { formatIpv4Cidr, parseIpv4Cidr, subnetOf } from "../../modules/_internal/cidr";
import { describeValue } from "../../modules/_internal/errors";
import { isValidNamePrefix, resourceName } from "../../modules/_internal/naming";
import { bucketNameProblem } from "../../modules/_internal/s3-names";

describe("parseIpv4Cidr", () => {
  test.each([
    ["10.0.0.0/16", 10 * 2 ** 24, 16],
    ["192.168.1.0/24", 192 * 2 ** 24 + 168 * 2 ** 16 + 256, 24],
    ["0.0.0.0/0", 0, 0],
    ["255.255.255.255/32", 2 ** 32 - 1, 32],
  ])("parses %s", (text, address, prefix) => {
    expect(parseIpv4Cidr(text)).toEqual({ ok: true, network: { address, prefix } });
  });

  test.each([
    ["10.0.0.0", /of the form a\.b\.c\.d\/n/],
    ["10.0.0/16", /of the form/],
    ["10.0.0.0/33", /prefix over \/32/],
    ["256.0.0.0/16", /octet over 255 \(256\)/],
    ["10.01.0.0/16", /leading zero \(01\)/],
    ["10.0.0.1/16", /host bits set; the network address is 10\.0\.0\.0\/16/],
    [" 10.0.0.0/16", /of the form/],
  ])("refuses %s", (text, reason) => {
    const result = parseIpv4Cidr(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  test("formats back to the text it parsed", () => {
    for (const text of ["10.0.0.0/16", "172.16.32.0/20", "255.255.255.0/24"]) {
      const parsed = parseIpv4Cidr(text);
      expect(parsed.ok && formatIpv4Cidr(parsed.network)).toBe(text);
    }
  });
});

describe("subnetOf", () => {
  const vpc = { address: 10 * 2 ** 24, prefix: 16 };

  test("carves consecutive subnets like Terraform's cidrsubnet", () => {
    expect([0, 1, 2, 7].map((i) => formatIpv4Cidr(subnetOf(vpc, 19, i)))).toEqual([
      "10.0.0.0/19",
      "10.0.32.0/19",
      "10.0.64.0/19",
      "10.0.224.0/19",
    ]);
  });

  test("refuses an index past the end and a subnet larger than its parent", () => {
    expect(() => subnetOf(vpc, 19, 8)).toThrow(/holds 8 subnets of \/19; index 8 is out of range/);
    expect(() => subnetOf(vpc, 15, 0)).toThrow(/cannot carve a \/15 out of a \/16/);
  });
});

describe("naming", () => {
  test("resource names are prefix-role[-az]", () => {
    expect(resourceName("acme-staging", "vpc")).toBe("acme-staging-vpc");
    expect(resourceName("acme-staging", "private", "eu-west-1a")).toBe("acme-staging-private-eu-west-1a");
  });

  test.each([
    ["acme-staging", true],
    ["a1", true],
    ["Acme", false],
    ["acme_staging", false],
    ["acme-", false],
    ["1acme", false],
    ["acme--staging", false],
    ["a".repeat(33), false],
  ])("name prefix %s valid: %s", (name, valid) => {
    expect(isValidNamePrefix(name)).toBe(valid);
  });
});

describe("bucketNameProblem", () => {
  test.each([
    ["acme-terraform-state-123456789012", undefined],
    ["ab", /3 to 63 characters/],
    ["Acme-state", /lowercase letters/],
    ["acme..state", /two dots/],
    ["192.168.1.1", /IP address/],
    ["xn--acme", /must not start with "xn--"/],
    ["acme-s3alias", /must not end with "-s3alias"/],
  ])("%s", (name, problem) => {
    const result = bucketNameProblem(name);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(problem);
  });
});

test("describeValue renders given values for messages", () => {
  expect(describeValue("x")).toBe('"x"');
  expect(describeValue(3)).toBe("3");
  expect(describeValue(undefined)).toBe("nothing");
  expect(describeValue(["a", "b"])).toBe('["a","b"]');
});
