import { partitionOf } from "../../modules/_internal/arn";
import { cidrsOverlap, formatIpv4Cidr, parseIpv4Cidr, subnetOf } from "../../modules/_internal/cidr";
import { describeValue } from "../../modules/_internal/errors";
import { isValidNamePrefix, resourceName } from "../../modules/_internal/naming";
import { PrivateBucket } from "../../modules/_internal/private-bucket";
import {
  availabilityZoneProblem,
  availabilityZonesOf,
  AWS_REGIONS,
  closestKnownRegions,
  isKnownRegion,
  KNOWN_REGIONS,
  regionProblem,
  REGIONS_COMPILED_ON,
} from "../../modules/_internal/regions";
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

describe("regions", () => {
  test("the list is well formed: region codes, two zones at least (the VPC spans two), letters in order", () => {
    expect(KNOWN_REGIONS.length).toBeGreaterThanOrEqual(30);
    expect(REGIONS_COMPILED_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [region, info] of Object.entries(AWS_REGIONS)) {
      expect(region).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
      expect(info.zoneLetters).toMatch(/^[a-z]{2,}$/);
      expect([...info.zoneLetters].sort().join("")).toBe(info.zoneLetters);
      expect(new Set(info.zoneLetters).size).toBe(info.zoneLetters.length);
    }
  });

  test.each(["us-east-1", "eu-west-1", "ap-southeast-7", "mx-central-1", "us-gov-west-1", "cn-northwest-1"])("knows %s", (region) => {
    expect(isKnownRegion(region)).toBe(true);
    expect(regionProblem(region)).toBeUndefined();
  });

  test("refuses a region that does not exist, naming it and listing the known ones", () => {
    const problem = regionProblem("us-east-9");
    expect(problem).toMatch(/^"us-east-9" is not an AWS region; did you mean us-east-1 or us-east-2\? \(known regions as of \d{4}-\d{2}-\d{2}: af-south-1, .*us-west-2; the list is modules\/_internal\/regions\.ts\)$/);
    expect(isKnownRegion("us-east-9")).toBe(false);
  });

  test.each([
    ["us-esat-1", ["us-east-1"]],
    ["eu-wset-1", ["eu-west-1"]],
    ["US-EAST-1", ["us-east-1"]],
    ["us-east-1a", ["us-east-1"]],
    ["eu-west-9", ["eu-west-1", "eu-west-2", "eu-west-3"]],
    ["Virginia", []],
    ["", []],
  ])("suggests for %j: %j", (typed, expected) => {
    expect(closestKnownRegions(typed)).toEqual(expected);
  });

  test("a near miss is told the closest region; a code far from all of them is not", () => {
    expect(regionProblem("us-esat-1")).toMatch(/^"us-esat-1" is not an AWS region; did you mean us-east-1\? \(/);
    expect(regionProblem("Virginia")).toMatch(/^"Virginia" is not an AWS region \(known regions as of/);
  });

  test("names are matched whole: an object's own keys are not regions", () => {
    expect(isKnownRegion("constructor")).toBe(false);
    expect(isKnownRegion("__proto__")).toBe(false);
    expect(availabilityZonesOf("toString")).toEqual([]);
  });

  test("lists a region's zones, and none for an unknown region", () => {
    expect(availabilityZonesOf("us-east-1")).toEqual(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]);
    expect(availabilityZonesOf("eu-west-1")).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    expect(availabilityZonesOf("us-east-9")).toEqual([]);
  });

  test.each([
    ["us-east-1", "us-east-1f"],
    ["eu-west-1", "eu-west-1c"],
    ["ca-central-1", "ca-central-1d"],
    ["cn-north-1", "cn-north-1d"],
    ["us-gov-west-1", "us-gov-west-1a"],
  ])("accepts %s's zone %s", (region, az) => {
    expect(availabilityZoneProblem(region, az)).toBeUndefined();
  });

  test("refuses a zone letter the region does not have, listing its zones", () => {
    expect(availabilityZoneProblem("us-east-1", "us-east-1z")).toBe(
      '"us-east-1z" is not an availability zone of us-east-1 (us-east-1\'s zones: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f; the list is modules/_internal/regions.ts)',
    );
    expect(availabilityZoneProblem("eu-west-1", "eu-west-1d")).toMatch(/^"eu-west-1d" is not an availability zone of eu-west-1 \(eu-west-1's zones: eu-west-1a, eu-west-1b, eu-west-1c;/);
    expect(availabilityZoneProblem("ca-central-1", "ca-central-1c")).toMatch(/ca-central-1's zones: ca-central-1a, ca-central-1b, ca-central-1d;/);
  });

  test("a zone of another region says which region it belongs to", () => {
    expect(availabilityZoneProblem("us-east-1", "eu-west-1b")).toMatch(/^"eu-west-1b" is not an availability zone of us-east-1, but of eu-west-1 \(/);
  });

  test("where the letters vary by account, the message says so", () => {
    expect(availabilityZoneProblem("us-west-1", "us-west-1d")).toMatch(/us-west-1a, us-west-1b, us-west-1c; each account has two of them/);
  });

  test("zones of an unknown region are left to the region's own check", () => {
    expect(availabilityZoneProblem("us-esat-1", "us-esat-1a")).toBeUndefined();
  });

  test("partitionOf agrees with the list, and places other strings (tokens) by prefix", () => {
    for (const [region, info] of Object.entries(AWS_REGIONS)) expect(partitionOf(region)).toBe(info.partition);
    expect(partitionOf("us-gov-west-9")).toBe("aws-us-gov");
    expect(partitionOf("cn-north-9")).toBe("aws-cn");
    expect(partitionOf("${TfToken[TOKEN.1]}")).toBe("aws");
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
