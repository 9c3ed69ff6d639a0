import { cidrsOverlap, formatIpv4Cidr, parseIpv4Cidr, subnetOf } from "../../modules/_internal/cidr";
import { describeValue } from "../../modules/_internal/errors";
import { isValidNamePrefix, resourceName } from "../../modules/_internal/naming";
import { PrivateBucket } from "../../modules/_internal/private-bucket";
import { bucketNameProblem } from "../../modules/_internal/s3-names";
import { countOf, onlyResource, synthJson, testStack } from "../support/synth";

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

describe("cidrsOverlap", () => {
  test.each([
    ["10.10.0.0/16", "10.20.0.0/16", false],
    ["10.10.0.0/16", "10.10.0.0/17", true],
    ["10.10.128.0/17", "10.10.0.0/16", true],
    ["10.10.0.0/24", "10.10.1.0/24", false],
    ["10.10.0.0/16", "not a cidr", false],
  ])("%s and %s: %s", (a, b, overlap) => {
    expect(cidrsOverlap(a, b)).toBe(overlap);
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

describe("PrivateBucket", () => {
  function synthBucket(options: Partial<ConstructorParameters<typeof PrivateBucket>[2]> = {}) {
    const stack = testStack();
    new PrivateBucket(stack, "Media", { bucketName: "acme-media", encryption: "sse-s3", versioned: false, preventDestroy: false, lifecycleRules: [], ...options });
    return synthJson(stack);
  }

  test("sse-kms uses the AWS-managed key with an S3 bucket key", () => {
    expect(onlyResource(synthBucket({ encryption: "sse-kms" }), "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true },
    ]);
  });

  test("an unversioned bucket with no lifecycle rules gets neither resource", () => {
    const json = synthBucket();
    expect(countOf(json, "aws_s3_bucket_versioning")).toBe(0);
    expect(countOf(json, "aws_s3_bucket_lifecycle_configuration")).toBe(0);
    expect(onlyResource(json, "aws_s3_bucket").lifecycle).toBeUndefined();
  });

  test("extra policy statements follow the TLS-only deny", () => {
    const json = synthBucket({
      extraPolicyStatements: (arn) => [{ Sid: "Extra", Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: arn }],
    });
    const policy = JSON.parse(onlyResource(json, "aws_s3_bucket_policy").policy as string) as { Statement: { Sid: string }[] };
    expect(policy.Statement.map((st) => st.Sid)).toEqual(["DenyInsecureTransport", "Extra"]);
  });
});
