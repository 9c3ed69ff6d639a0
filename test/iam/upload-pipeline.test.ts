/**
 * The upload pipeline's roles and bucket policies, evaluated as AWS would (policy simulator): the
 * presign role (whose signature authorizes the browser's POST) may put objects under uploads/ of
 * the raw bucket and nothing else; the thumbnail role reads those uploads and writes the processed
 * bucket, and can never write the raw bucket (it cannot trigger itself); only the assets
 * distribution reads the processed bucket.
 */
import { UploadPipeline, UploadPipelineProps } from "../../modules/upload-pipeline";
import { decideForService, IamModel, SimulatedRole } from "../support/iam-simulator";
import { synthJson, testStack } from "../support/synth";

const account = "123456789012";
const region = "eu-west-1";
const props: UploadPipelineProps = {
  name: "acme-test",
  region,
  accountId: account,
  logRetentionDays: 14,
  allowedOrigins: ["https://www.example.com"],
  presignFunction: { folder: "examples/fargate-cognito-uploads/functions/presign-upload", handler: "index.handler", runtime: "nodejs22.x" },
  thumbnailFunction: { folder: "examples/fargate-cognito-uploads/functions/thumbnail", handler: "index.handler", runtime: "nodejs22.x" },
};

const stack = testStack(region, account);
new UploadPipeline(stack, "Uploads", props);
const model = new IamModel(synthJson(stack));

const RAW = "acme-test-uploads-123456789012";
const PROCESSED = "acme-test-assets-123456789012";
const rawObject = (key: string) => `arn:aws:s3:::${RAW}/${key}`;
const processedObject = (key: string) => `arn:aws:s3:::${PROCESSED}/${key}`;
const rawPolicy = model.bucketPolicy(RAW);
const processedPolicy = model.bucketPolicy(PROCESSED);
/** The bucket policy of the bucket an object ARN is in. */
const policyOf = (resource: string) => (resource.includes(`:::${RAW}/`) ? rawPolicy : processedPolicy);

const presign = model.role("acme-test-presign");
const thumbnail = model.role("acme-test-thumbnail");

/** A role's decision on an object, with the object's bucket policy. */
const decide = (role: SimulatedRole, action: string, resource: string) => role.decide({ action, resource }, policyOf(resource));

/** The same role, its identity policies replaced by one that allows every S3 action: what the bucket policies alone still refuse. */
const widened = (role: SimulatedRole) =>
  role.withIdentityPolicies([{ name: "s3-admin", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } }]);

describe("the thumbnail role", () => {
  test("reads uploads under uploads/ and writes thumbnails to the processed bucket", async () => {
    expect(await decide(thumbnail, "s3:GetObject", rawObject("uploads/user-1/abc"))).toBe("Allowed");
    expect(await decide(thumbnail, "s3:PutObject", processedObject("thumbnails/thumb/user-1/abc.webp"))).toBe("Allowed");
  });

  test("never writes the raw bucket, so it cannot trigger itself, even were its own policies widened", async () => {
    expect(await decide(thumbnail, "s3:PutObject", rawObject("uploads/user-1/abc"))).not.toBe("Allowed");
    expect(await decide(widened(thumbnail), "s3:PutObject", rawObject("uploads/user-1/abc"))).toBe("ExplicitlyDenied");
  });

  test("does not read the processed bucket, read outside uploads/, or delete anything", async () => {
    expect(await decide(thumbnail, "s3:GetObject", processedObject("thumbnails/thumb/user-1/abc.webp"))).toBe("ExplicitlyDenied");
    expect(await decide(thumbnail, "s3:GetObject", rawObject("other/x"))).toBe("ImplicitlyDenied");
    expect(await decide(thumbnail, "s3:DeleteObject", rawObject("uploads/user-1/abc"))).toBe("ImplicitlyDenied");
    expect(await decide(thumbnail, "s3:DeleteObject", processedObject("thumbnails/thumb/user-1/abc.webp"))).toBe("ImplicitlyDenied");
  });
});

describe("the presign role", () => {
  test("puts objects under uploads/ of the raw bucket (the browser's POST is authorized as this role)", async () => {
    expect(await decide(presign, "s3:PutObject", rawObject("uploads/user-1/abc"))).toBe("Allowed");
  });

  test("puts nothing elsewhere, no ACLs, and reads nothing", async () => {
    expect(await decide(presign, "s3:PutObject", rawObject("other/x"))).toBe("ImplicitlyDenied");
    expect(await decide(presign, "s3:PutObjectAcl", rawObject("uploads/user-1/abc"))).toBe("ImplicitlyDenied");
    expect(await decide(presign, "s3:PutObject", processedObject("thumbnails/thumb/x.webp"))).toBe("ExplicitlyDenied");
    expect(await decide(presign, "s3:GetObject", rawObject("uploads/user-1/abc"))).toBe("ExplicitlyDenied");
    expect(await decide(presign, "s3:GetObject", processedObject("thumbnails/thumb/x.webp"))).toBe("ExplicitlyDenied");
  });

  test("could not read uploads even were its own policies widened: the raw bucket's reads are the thumbnail role's", async () => {
    expect(await decide(widened(presign), "s3:GetObject", rawObject("uploads/user-1/abc"))).toBe("ExplicitlyDenied");
    expect(await decide(widened(presign), "s3:PutObject", processedObject("thumbnails/thumb/x.webp"))).toBe("ExplicitlyDenied");
  });
});

describe("CloudFront", () => {
  const distribution = JSON.stringify(processedPolicy).match(/arn:aws:cloudfront::\d{12}:distribution\/[A-Z0-9]+/)?.[0];
  const cloudfront = (resource: string, sourceArn: string, action = "s3:GetObject") =>
    decideForService("cloudfront.amazonaws.com", account, { action, resource, context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": account } }, policyOf(resource));

  test("the assets distribution reads the processed bucket, and only reads it", async () => {
    expect(distribution).toBeDefined();
    expect(await cloudfront(processedObject("thumbnails/thumb/x.webp"), distribution!)).toBe("Allowed");
    expect(await cloudfront(processedObject("thumbnails/thumb/x.webp"), distribution!, "s3:PutObject")).not.toBe("Allowed");
  });

  test("no other distribution reads it, and none reads the raw bucket", async () => {
    expect(await cloudfront(processedObject("thumbnails/thumb/x.webp"), `arn:aws:cloudfront::${account}:distribution/EOTHER1234567`)).not.toBe("Allowed");
    expect(await cloudfront(rawObject("uploads/user-1/abc"), distribution!)).not.toBe("Allowed");
  });
});

describe("other roles of the account", () => {
  test("an administrator's role neither writes uploads nor reads them or the thumbnails: the bucket policies refuse", async () => {
    const admin = widened(presign.withIdentityPolicies([]));
    // A role that is neither of the pipeline's: the same account, another name.
    const other = Object.assign(Object.create(Object.getPrototypeOf(admin) as object) as SimulatedRole, admin, {
      name: "acme-test-admin",
      arn: `arn:aws:iam::${account}:role/acme-test-admin`,
    });
    expect(await decide(other, "s3:PutObject", rawObject("uploads/user-1/abc"))).toBe("ExplicitlyDenied");
    expect(await decide(other, "s3:GetObject", rawObject("uploads/user-1/abc"))).toBe("ExplicitlyDenied");
    expect(await decide(other, "s3:PutObject", processedObject("thumbnails/thumb/x.webp"))).toBe("ExplicitlyDenied");
    expect(await decide(other, "s3:GetObject", processedObject("thumbnails/thumb/x.webp"))).toBe("ExplicitlyDenied");
    // Deletes are left to IAM, so Terraform can empty the raw bucket on destroy.
    expect(await decide(other, "s3:DeleteObject", rawObject("uploads/user-1/abc"))).toBe("Allowed");
  });
});
