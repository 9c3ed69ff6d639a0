/**
 * The environments' own roles and buckets, evaluated as AWS would (policy simulator): the API
 * is not the database owner, and the media objects are reachable by the API's task role and the
 * site's CloudFront only.
 */
import { bootstrap } from "../../environments/bootstrap";
import { sharedProjectStacks } from "../support/offline";
import { decideForService, IamModel, StackJson } from "../support/iam-simulator";

const account = bootstrap.accountId;
const project = bootstrap.project;
const environments = ["staging", "production"] as const;

let stacks: Map<string, StackJson>;
let model: IamModel;

beforeAll(async () => {
  stacks = (await sharedProjectStacks()) as unknown as Map<string, StackJson>;
  model = new IamModel(...stacks.values());
});

/** The ARN a stack's policies give a resource, found in the policies of one of its roles. */
function arnIn(roleName: string, pattern: RegExp): string {
  const found = JSON.stringify(model.role(roleName).identityPolicies).match(pattern);
  if (found === null) throw new Error(`no ${pattern} in the policies of ${roleName}`);
  return found[0];
}

describe.each(environments)("%s: the API is not the database owner", (env) => {
  const task = `${project}-${env}-api-task`;
  const execution = `${project}-${env}-api-execution`;
  const migrations = `${project}-${env}-db-migrations`;

  test("only the migrations read the master secret", async () => {
    const secret = arnIn(migrations, /arn:aws:secretsmanager:[^"]+/);
    const read = { action: "secretsmanager:GetSecretValue", resource: secret };
    expect(await model.role(migrations).decide(read)).toBe("Allowed");
    expect(await model.role(task).decide(read)).toBe("ImplicitlyDenied");
    expect(await model.role(execution).decide(read)).toBe("ImplicitlyDenied");
    expect(await model.role(`${project}-github-deploy-${env}`).decide(read)).toBe("ExplicitlyDenied");
    expect(await model.role(`${project}-github-plan`).decide(read)).toBe("ExplicitlyDenied");
  });

  test("the task role connects as the application user, and as no other", async () => {
    const user = arnIn(task, /arn:aws:rds-db:[^"]+/);
    expect(user).toMatch(/:dbuser:db-[A-Z0-9]+\/app_user$/);
    expect(await model.role(task).decide({ action: "rds-db:connect", resource: user })).toBe("Allowed");
    const master = user.replace(/\/app_user$/, "/dbadmin");
    expect(await model.role(task).decide({ action: "rds-db:connect", resource: master })).toBe("ImplicitlyDenied");
    expect(await model.role(migrations).decide({ action: "rds-db:connect", resource: user })).toBe("ImplicitlyDenied");
  });
});

describe.each(environments)("%s: media objects, for the API and the site's CloudFront only", (env) => {
  const bucket = `${project}-${env}-media-${account}`;
  const object = `arn:aws:s3:::${bucket}/media/photo.jpg`;
  const upload = `arn:aws:s3:::${bucket}/uploads/new.jpg`;

  test("the API's task role reads and writes them, presigned uploads included", async () => {
    const policy = model.bucketPolicy(bucket);
    const task = model.role(`${project}-${env}-api-task`);
    expect(await task.decide({ action: "s3:GetObject", resource: object }, policy)).toBe("Allowed");
    expect(await task.decide({ action: "s3:PutObject", resource: upload }, policy)).toBe("Allowed");
  });

  test("no other role of the account does, whatever its own policies allow", async () => {
    const policy = model.bucketPolicy(bucket);
    for (const name of [`${project}-${env}-db-migrations`, `${project}-${env}-api-execution`, `${project}-github-deploy-${env}`]) {
      const admin = model.role(name).withIdentityPolicies([{ name: "s3", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } }]);
      expect({ name, read: await admin.decide({ action: "s3:GetObject", resource: object }, policy) }).toEqual({ name, read: "ExplicitlyDenied" });
      expect({ name, write: await admin.decide({ action: "s3:PutObject", resource: upload }, policy) }).toEqual({ name, write: "ExplicitlyDenied" });
    }
    // The deploy role still configures the bucket.
    const deploy = model.role(`${project}-github-deploy-${env}`);
    expect(await deploy.decide({ action: "s3:PutBucketPolicy", resource: `arn:aws:s3:::${bucket}` }, policy)).toBe("Allowed");
  });

  test("CloudFront reads media/* for the site's distribution only", async () => {
    const policy = model.bucketPolicy(bucket);
    const distribution = JSON.stringify(policy).match(/arn:aws:cloudfront::\d{12}:distribution\/[A-Z0-9]+/)?.[0];
    expect(distribution).toBeDefined();
    const cloudfront = (resource: string, sourceArn: string, action = "s3:GetObject") =>
      decideForService("cloudfront.amazonaws.com", account, { action, resource, context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": account } }, policy);
    expect(await cloudfront(object, distribution!)).toBe("Allowed");
    expect(await cloudfront(upload, distribution!)).not.toBe("Allowed");
    expect(await cloudfront(object, distribution!, "s3:PutObject")).not.toBe("Allowed");
    expect(await cloudfront(object, `arn:aws:cloudfront::${account}:distribution/EOTHER1234567`)).not.toBe("Allowed");
  });
});
