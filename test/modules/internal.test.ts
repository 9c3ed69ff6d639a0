import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { partitionOf } from "../../modules/shared/arn";
import { cidrsOverlap, formatIpv4Cidr, parseIpv4Cidr, subnetOf } from "../../modules/shared/cidr";
import { describeValue, PropsError } from "../../modules/shared/errors";
import { isValidNamePrefix, resourceName } from "../../modules/_internal/naming";
import { denyOutdatedTls, MINIMUM_TLS_VERSION } from "../../modules/_internal/policy";
import { PrivateBucket, PrivateBucketOptions } from "../../modules/_internal/private-bucket";
import {
  availabilityZoneProblem,
  availabilityZonesOf,
  AWS_REGIONS,
  closestKnownRegions,
  isKnownRegion,
  KNOWN_REGIONS,
  regionProblem,
  REGIONS_COMPILED_ON,
} from "../../modules/shared/regions";
import { bucketNameProblem } from "../../modules/shared/s3-names";
import { decideForService, IamModel, StackJson } from "../support/iam-simulator";
import { addressOf, countOf, onlyResource, refTo, resourceList, synthJson, testApp, testStack } from "../support/synth";

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
    expect(problem).toMatch(/^"us-east-9" is not an AWS region; did you mean us-east-1 or us-east-2\? \(known regions as of \d{4}-\d{2}-\d{2}: af-south-1, .*us-west-2; the list is modules\/shared\/regions\.ts\)$/);
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
      '"us-east-1z" is not an availability zone of us-east-1 (us-east-1\'s zones: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f; the list is modules/shared/regions.ts)',
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

  test("extra policy statements follow the two TLS denies", () => {
    const json = synthBucket({
      extraPolicyStatements: (arn) => [{ Sid: "Extra", Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: arn }],
    });
    const policy = JSON.parse(onlyResource(json, "aws_s3_bucket_policy").policy as string) as { Statement: { Sid: string }[] };
    expect(policy.Statement.map((st) => st.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "Extra"]);
  });

  test("the policy denies TLS older than 1.2 beside plain HTTP, on the bucket and its objects", () => {
    const json = synthBucket();
    const policy = JSON.parse(onlyResource(json, "aws_s3_bucket_policy").policy as string) as { Statement: unknown[] };
    const bucketArn = refTo(json, "aws_s3_bucket", "Media_Bucket", "arn");
    expect(policy.Statement[1]).toEqual({
      Sid: "DenyOutdatedTls",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    });
    expect(denyOutdatedTls("arn:aws:s3:::b").Condition).toEqual({ NumericLessThan: { "s3:TlsVersion": MINIMUM_TLS_VERSION } });
  });

  test("statements added at synth are produced when the policy is rendered, in their place", () => {
    const stack = testStack();
    const bucket = new PrivateBucket(stack, "Media", { bucketName: "acme-media", encryption: "sse-s3", versioned: false, preventDestroy: false, lifecycleRules: [] });
    const readers: string[] = [];
    bucket.addPolicyStatementsAtSynth(() => readers.map((r) => ({ Sid: `Read${r}`, Effect: "Allow", Principal: { AWS: r }, Action: "s3:GetObject", Resource: "*" })));
    bucket.addPolicyStatements({ Sid: "Last", Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: bucket.bucketArn });
    readers.push("A", "B");
    const policy = JSON.parse(onlyResource(synthJson(stack), "aws_s3_bucket_policy").policy as string) as { Statement: { Sid: string }[] };
    expect(policy.Statement.map((st) => st.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "ReadA", "ReadB", "Last"]);
  });
});

const ACCOUNT = "123456789012";

/** A stack the IAM simulator can read: its provider names the account. */
function simulationStack(): TerraformStack {
  const stack = new TerraformStack(testApp(), "test");
  new AwsProvider(stack, "Aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
  return stack;
}

/** A role of the account whose own policy allows every S3 action on everything. */
function s3AdminRole(stack: TerraformStack): IamRole {
  const role = new IamRole(stack, "Admin", {
    name: "acme-admin",
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }] }),
  });
  new IamRolePolicy(stack, "AdminS3", {
    role: role.id,
    name: "s3-everything",
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
  });
  return role;
}

const privateBucket = (options: Partial<PrivateBucketOptions> & Pick<PrivateBucketOptions, "bucketName">): PrivateBucketOptions => ({
  encryption: "sse-s3",
  versioned: false,
  preventDestroy: false,
  lifecycleRules: [],
  ...options,
});

describe("PrivateBucket TLS, evaluated", () => {
  const stack = simulationStack();
  new PrivateBucket(stack, "Data", privateBucket({ bucketName: "acme-data" }));
  s3AdminRole(stack);
  const model = new IamModel(JSON.parse(Testing.synth(stack)) as StackJson);
  const policy = model.bucketPolicy("acme-data");
  const admin = model.role("acme-admin");

  test.each([
    ["the bucket", "s3:GetBucketPolicy", "arn:aws:s3:::acme-data"],
    ["an object", "s3:GetObject", "arn:aws:s3:::acme-data/key"],
  ])("TLS 1.1 to %s is explicitly denied, even to a role allowed s3:*; TLS 1.2 and 1.3 are not", async (_what, action, resource) => {
    expect(await admin.decide({ action, resource, context: { "s3:TlsVersion": "1.1" } }, policy)).toBe("ExplicitlyDenied");
    expect(await admin.decide({ action, resource, context: { "s3:TlsVersion": "1.0" } }, policy)).toBe("ExplicitlyDenied");
    expect(await admin.decide({ action, resource, context: { "s3:TlsVersion": "1.2" } }, policy)).toBe("Allowed");
    expect(await admin.decide({ action, resource, context: { "s3:TlsVersion": "1.3" } }, policy)).toBe("Allowed");
  });

  test("plain HTTP is explicitly denied; a service's TLS 1.1 request too", async () => {
    expect(await admin.decide({ action: "s3:PutObject", resource: "arn:aws:s3:::acme-data/key", context: { "aws:SecureTransport": "false" } }, policy)).toBe(
      "ExplicitlyDenied",
    );
    const request = { action: "s3:PutObject", resource: "arn:aws:s3:::acme-data/key", context: { "s3:TlsVersion": "1.1" } };
    expect(await decideForService("logging.s3.amazonaws.com", ACCOUNT, request, policy)).toBe("ExplicitlyDenied");
  });
});

describe("PrivateBucket server access logging", () => {
  const targetOptions = { sourceAccountId: ACCOUNT, prefix: "s3-access/", expireAfterDays: 90 };

  function build(sourceLogPrefix = "s3-access/acme-state/") {
    const stack = simulationStack();
    const logs = new PrivateBucket(stack, "Logs", privateBucket({ bucketName: "acme-logs", serverAccessLogTarget: targetOptions }));
    const state = new PrivateBucket(stack, "State", privateBucket({ bucketName: "acme-state", serverAccessLogging: { targetBucket: logs, prefix: sourceLogPrefix } }));
    return { stack, logs, state };
  }

  test("a source bucket logs to the target under its prefix, once the target lets the logging service write", () => {
    const { stack, state, logs } = build();
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_s3_bucket_logging")).toEqual({
      bucket: refTo(json, "aws_s3_bucket", "State_Bucket", "id"),
      target_bucket: refTo(json, "aws_s3_bucket", "Logs_Bucket", "bucket"),
      target_prefix: "s3-access/acme-state/",
      depends_on: [addressOf(json, "aws_s3_bucket_policy", "Logs_Policy")],
    });
    expect(state.logging).toBeDefined();
    expect(logs.logging).toBeUndefined();
    expect(logs.serverAccessLogPrefix).toBe("s3-access/");
  });

  test("the target: SSE-S3, ACLs off, logs expire, and the logging service may put under the prefix for the source only", () => {
    const { stack } = build();
    const json = synthJson(stack);
    const logsBucket = refTo(json, "aws_s3_bucket", "Logs_Bucket", "id");
    const of = (type: string) => resourceList(json, type).find((r) => r.bucket === logsBucket);
    expect(of("aws_s3_bucket_server_side_encryption_configuration")?.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    expect(of("aws_s3_bucket_ownership_controls")?.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(of("aws_s3_bucket_lifecycle_configuration")?.rule).toEqual([
      { id: "expire-server-access-logs", status: "Enabled", filter: [{ prefix: "s3-access/" }], expiration: [{ days: 90 }] },
    ]);
    const policy = JSON.parse(of("aws_s3_bucket_policy")?.policy as string) as { Statement: { Sid: string }[] };
    const logsArn = refTo(json, "aws_s3_bucket", "Logs_Bucket", "arn");
    expect(policy.Statement.map((st) => st.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "S3ServerAccessLogDelivery"]);
    expect(policy.Statement[2]).toEqual({
      Sid: "S3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${logsArn}/s3-access/*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": ACCOUNT },
        ArnLike: { "aws:SourceArn": [refTo(json, "aws_s3_bucket", "State_Bucket", "arn")] },
      },
    });
    // The source itself is no log target: its policy has only the TLS denies.
    const stateBucket = refTo(json, "aws_s3_bucket", "State_Bucket", "id");
    const statePolicy = resourceList(json, "aws_s3_bucket_policy").find((r) => r.bucket === stateBucket);
    expect((JSON.parse(statePolicy?.policy as string) as { Statement: unknown[] }).Statement).toHaveLength(2);
  });

  test("a versioned target also removes old versions and delete markers of logs; a target without sources has no delivery statement", () => {
    const stack = simulationStack();
    new PrivateBucket(stack, "Logs", privateBucket({ bucketName: "acme-logs", versioned: true, serverAccessLogTarget: targetOptions }));
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      {
        id: "expire-server-access-logs",
        status: "Enabled",
        filter: [{ prefix: "s3-access/" }],
        expiration: [{ days: 90 }],
        noncurrent_version_expiration: [{ noncurrent_days: 1 }],
      },
      { id: "expire-server-access-log-delete-markers", status: "Enabled", filter: [{ prefix: "s3-access/" }], expiration: [{ expired_object_delete_marker: true }] },
    ]);
    const policy = JSON.parse(onlyResource(json, "aws_s3_bucket_policy").policy as string) as { Statement: { Sid: string }[] };
    expect(policy.Statement.map((st) => st.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls"]);
  });

  describe("evaluated", () => {
    const { stack, logs } = build();
    // A second source, added with the method: it logs under its own prefix too.
    logs.allowServerAccessLogsFrom("arn:aws:s3:::acme-other-source");
    const model = new IamModel(JSON.parse(Testing.synth(stack)) as StackJson);
    const policy = model.bucketPolicy("acme-logs");
    const deliver = (key: string, sourceArn: string, sourceAccount = ACCOUNT) =>
      decideForService(
        "logging.s3.amazonaws.com",
        ACCOUNT,
        { action: "s3:PutObject", resource: `arn:aws:s3:::acme-logs/${key}`, context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": sourceAccount, "s3:TlsVersion": "1.2" } },
        policy,
      );

    test("the logging service may put the source's logs under the prefix", async () => {
      expect(await deliver("s3-access/acme-state/2025-01-01-00-00-00-ABCDEF", "arn:aws:s3:::acme-state")).toBe("Allowed");
      expect(await deliver("s3-access/acme-other-source/2025-01-01-00-00-00-ABCDEF", "arn:aws:s3:::acme-other-source")).toBe("Allowed");
    });

    test("not for another source bucket, another account, or outside the prefix", async () => {
      expect(await deliver("s3-access/acme-state/x", "arn:aws:s3:::someone-elses-bucket")).toBe("ImplicitlyDenied");
      expect(await deliver("s3-access/acme-state/x", "arn:aws:s3:::acme-state", "111122223333")).toBe("ImplicitlyDenied");
      expect(await deliver("other/acme-state/x", "arn:aws:s3:::acme-state")).toBe("ImplicitlyDenied");
      expect(await deliver("s3-access-x/acme-state/x", "arn:aws:s3:::acme-state")).toBe("ImplicitlyDenied");
    });

    test("nothing but PutObject, and no other service", async () => {
      const request = { action: "s3:GetObject", resource: "arn:aws:s3:::acme-logs/s3-access/acme-state/x", context: { "aws:SourceArn": "arn:aws:s3:::acme-state", "aws:SourceAccount": ACCOUNT } };
      expect(await decideForService("logging.s3.amazonaws.com", ACCOUNT, request, policy)).toBe("ImplicitlyDenied");
      expect(await decideForService("cloudfront.amazonaws.com", ACCOUNT, { ...request, action: "s3:PutObject" }, policy)).toBe("ImplicitlyDenied");
    });
  });

  test.each([
    [
      "an SSE-KMS target",
      () => new PrivateBucket(simulationStack(), "Logs", privateBucket({ bucketName: "acme-logs", encryption: "sse-kms", serverAccessLogTarget: targetOptions })),
      /PrivateBucket "test\/Logs": encryption must be "sse-s3" on a server access log target .*; got "sse-kms"/,
    ],
    [
      "a target that keeps ACLs",
      () => new PrivateBucket(simulationStack(), "Logs", privateBucket({ bucketName: "acme-logs", objectOwnership: "BucketOwnerPreferred", serverAccessLogTarget: targetOptions })),
      /objectOwnership must be "BucketOwnerEnforced" on a server access log target/,
    ],
    [
      "a target prefix without a trailing slash",
      () => new PrivateBucket(simulationStack(), "Logs", privateBucket({ bucketName: "acme-logs", serverAccessLogTarget: { ...targetOptions, prefix: "logs" } })),
      /serverAccessLogTarget.prefix must be a key prefix ending in "\/".*; got "logs"/,
    ],
    [
      "a wildcard prefix",
      () => new PrivateBucket(simulationStack(), "Logs", privateBucket({ bucketName: "acme-logs", serverAccessLogTarget: { ...targetOptions, prefix: "*/" } })),
      /serverAccessLogTarget.prefix must be a key prefix/,
    ],
    [
      "a bad source account and expiry",
      () => new PrivateBucket(simulationStack(), "Logs", privateBucket({ bucketName: "acme-logs", serverAccessLogTarget: { ...targetOptions, sourceAccountId: "1", expireAfterDays: 0 } })),
      /serverAccessLogTarget.sourceAccountId must be a 12-digit AWS account id[\s\S]*serverAccessLogTarget.expireAfterDays must be a whole number of days from 1 to 3650/,
    ],
    ["a source prefix outside the target's", () => build("other/acme-state/"), /serverAccessLogging.prefix must start with the target's prefix "s3-access\/", .*; got "other\/acme-state\/"/],
    ["a source prefix without a trailing slash", () => build("s3-access/acme-state"), /serverAccessLogging.prefix must be a key prefix ending in "\/"/],
    [
      "a target that is not a log target",
      () => {
        const stack = simulationStack();
        const plain = new PrivateBucket(stack, "Plain", privateBucket({ bucketName: "acme-plain" }));
        return new PrivateBucket(stack, "State", privateBucket({ bucketName: "acme-state", serverAccessLogging: { targetBucket: plain, prefix: "logs/" } }));
      },
      /PrivateBucket "test\/State": serverAccessLogging.targetBucket must be a bucket made with serverAccessLogTarget .*; got "a bucket that is not a log target"/,
    ],
    [
      "a log target that logs its own access",
      () => {
        const stack = simulationStack();
        const logs = new PrivateBucket(stack, "Logs", privateBucket({ bucketName: "acme-logs", serverAccessLogTarget: targetOptions }));
        return new PrivateBucket(stack, "Logs2", privateBucket({ bucketName: "acme-logs2", serverAccessLogTarget: targetOptions, serverAccessLogging: { targetBucket: logs, prefix: "s3-access/x/" } }));
      },
      /serverAccessLogging cannot be set on a server access log target/,
    ],
    [
      "allowServerAccessLogsFrom on a bucket that is not a log target",
      () => new PrivateBucket(simulationStack(), "Plain", privateBucket({ bucketName: "acme-plain" })).allowServerAccessLogsFrom("arn:aws:s3:::acme-state"),
      /PrivateBucket "test\/Plain": serverAccessLogTarget must be set on a bucket that receives server access logs/,
    ],
  ] as [string, () => unknown, RegExp][])("fails on %s, naming the prop", (_what, make, message) => {
    expect(make).toThrow(PropsError);
    expect(make).toThrow(message);
  });
});
