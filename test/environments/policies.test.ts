import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Testing } from "cdktf";
import { AppStack } from "../../environments/app-stack";
import { BootstrapStack } from "../../environments/bootstrap-stack";
import { parseBootstrapConfig, parseEnvironmentConfig } from "../../environments/config";
import { bootstrap } from "../../environments/bootstrap";
import { production } from "../../environments/production";
import { staging } from "../../environments/staging";
import { errorsOf, evaluate, PolicyError, reasonProblem, StackJson, warningsOf } from "../../policies";
import { parseJsonAttribute, resourceList, SynthesizedStack, testApp } from "../support/synth";

const stagingConfig = parseEnvironmentConfig(staging);
const productionConfig = parseEnvironmentConfig(production);

/** Runs synth with the stack's validations (the policy pack), as `npm run synth` does; returns the error, if any. */
function synthError(stack: AppStack | BootstrapStack): Error | undefined {
  try {
    Testing.synth(stack, true);
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

describe("the environments against the policy pack", () => {
  const stacks = {
    staging: new AppStack(testApp(), stagingConfig),
    production: new AppStack(testApp(), productionConfig),
    bootstrap: new BootstrapStack(testApp(), parseBootstrapConfig(bootstrap)),
  };

  test.each(Object.keys(stacks) as (keyof typeof stacks)[])("%s synthesizes with zero policy errors and no warnings", (name) => {
    const stack = stacks[name];
    expect(synthError(stack)).toBeUndefined();
    const report = evaluate(stack.toTerraform() as StackJson, { protected: name !== "staging" });
    expect(errorsOf(report)).toEqual([]);
    expect(warningsOf(report)).toEqual([]);
  });

  test("every suppression carries a real reason and is a deliberate design choice listed here", () => {
    const suppressed = (["bootstrap", "staging", "production"] as const).flatMap((name) =>
      evaluate(stacks[name].toTerraform() as StackJson, { protected: name !== "staging" })
        .results.filter((r) => r.status === "suppressed")
        .map((r) => ({ stack: name, rule: r.rule.id, path: r.subject.path, reasonOk: reasonProblem(r.reason) === undefined })),
    );
    expect(suppressed.every((s) => s.reasonOk)).toBe(true);
    expect(suppressed.map((s) => `${s.stack} ${s.rule} ${s.path}`).sort()).toEqual([
      // A permissions boundary is a ceiling, not a grant: see modules/permissions-boundary/README.md.
      "bootstrap iam-no-passrole-star bootstrap/Boundary-previews/Policy",
      "bootstrap iam-no-passrole-star bootstrap/Boundary-production/Policy",
      "bootstrap iam-no-passrole-star bootstrap/Boundary-staging/Policy",
      "bootstrap iam-no-wildcard-actions bootstrap/Boundary-previews/Policy",
      "bootstrap iam-no-wildcard-actions bootstrap/Boundary-production/Policy",
      "bootstrap iam-no-wildcard-actions bootstrap/Boundary-staging/Policy",
      "bootstrap iam-no-wildcard-resource bootstrap/Boundary-previews/Policy",
      "bootstrap iam-no-wildcard-resource bootstrap/Boundary-production/Policy",
      "bootstrap iam-no-wildcard-resource bootstrap/Boundary-staging/Policy",
      // A plan refreshes resources whose ARNs hold ids AWS assigns: see modules/github-oidc/README.md.
      "bootstrap iam-no-wildcard-resource bootstrap/GitHub/PlanRoleReadConfiguration",
      "production apigw-route-authorization production/HttpApi/ProxyRoute",
      "production apigw-route-authorization production/HttpApi/RootRoute",
      "production iam-no-wildcard-resource production/Migrations/VpcPolicy",
      "production s3-bucket-ownership-enforced production/Site/Logs/Bucket",
      "production s3-bucket-versioning production/Site/Logs/Bucket",
      "staging apigw-route-authorization staging/HttpApi/ProxyRoute",
      "staging apigw-route-authorization staging/HttpApi/RootRoute",
      "staging ecs-service-no-public-ip staging/ApiService/Service",
      "staging iam-no-wildcard-resource staging/Migrations/VpcPolicy",
    ]);
  });
});

describe("the API's routes", () => {
  test("with a JWT authorizer they are checked, not suppressed", () => {
    const config = parseEnvironmentConfig({
      ...staging,
      api: { ...staging.api, publicReason: undefined, jwt: { issuer: "https://issuer.example.com", audience: ["web"] } },
    });
    const stack = new AppStack(testApp(), config);
    const results = evaluate(stack.toTerraform() as StackJson, { protected: false }).results.filter((r) => r.rule.id === "apigw-route-authorization");
    expect(results.map((r) => [r.subject.path, r.status])).toEqual([
      ["staging/HttpApi/RootRoute", "pass"],
      ["staging/HttpApi/ProxyRoute", "pass"],
      ["staging/HttpApi/RootPreflightRoute", "not-applicable"],
      ["staging/HttpApi/ProxyPreflightRoute", "not-applicable"],
    ]);
    expect(evaluate(stack.toTerraform() as StackJson, { protected: false }).suppressions.filter((s) => s.id === "apigw-route-authorization")).toEqual([]);
  });
});

describe("a deliberately bad resource added to an environment fails synth, naming the rule and the resource", () => {
  const expectRefused = (stack: AppStack, rule: string, path: string) => {
    const error = synthError(stack);
    expect(error).toBeInstanceOf(PolicyError);
    expect(error?.message).toMatch(new RegExp(`policy ${rule} \\(error\\): [^\\n]* at ${path}: `));
  };

  test("a public bucket", () => {
    const stack = new AppStack(testApp(), stagingConfig);
    const bucket = new S3Bucket(stack, "Leaky", { bucket: "acme-staging-leaky" });
    new S3BucketPublicAccessBlock(stack, "LeakyAccess", {
      bucket: bucket.id,
      blockPublicAcls: false,
      blockPublicPolicy: false,
      ignorePublicAcls: false,
      restrictPublicBuckets: false,
    });
    expectRefused(stack, "s3-public-access-block", "staging/Leaky");
  });

  test("a security group open to the world", () => {
    const stack = new AppStack(testApp(), stagingConfig);
    const group = new SecurityGroup(stack, "Open", { name: "open", description: "SSH from anywhere", vpcId: stack.features.network.vpcId });
    new VpcSecurityGroupIngressRule(stack, "OpenSsh", {
      securityGroupId: group.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 22,
      toPort: 22,
      description: "SSH",
    });
    expectRefused(stack, "sg-no-world-ingress", "staging/OpenSsh");
  });

  test("an unencrypted database", () => {
    const stack = new AppStack(testApp(), stagingConfig);
    new DbInstance(stack, "Plain", {
      identifier: "plain",
      engine: "postgres",
      instanceClass: "db.t4g.micro",
      allocatedStorage: 20,
      parameterGroupName: stack.features.data.database!.parameterGroup.name,
      storageEncrypted: false,
      enabledCloudwatchLogsExports: ["postgresql"],
      caCertIdentifier: "rds-ca-rsa2048-g1",
    });
    expectRefused(stack, "rds-storage-encrypted", "staging/Plain");
  });

  test("an admin IAM policy", () => {
    const stack = new AppStack(testApp(), stagingConfig);
    new IamPolicy(stack, "Admin", {
      name: "admin",
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
    });
    expectRefused(stack, "iam-no-wildcard-actions", "staging/Admin");
  });

  test("a secret in a container's environment", () => {
    const stack = new AppStack(testApp(), stagingConfig);
    new EcsTaskDefinition(stack, "Leaky", {
      family: "leaky",
      containerDefinitions: JSON.stringify([
        {
          name: "app",
          image: "nginx",
          environment: [{ name: "DB_PASSWORD", value: "hunter2-hunter2" }],
          logConfiguration: { logDriver: "awslogs", options: {} },
        },
      ]),
    });
    expectRefused(stack, "ecs-no-secrets-in-environment", "staging/Leaky");
  });

  test("a production bucket Terraform may empty and delete", () => {
    const stack = new AppStack(testApp(), productionConfig);
    stack.features.data.media.bucket.forceDestroy = true;
    expectRefused(stack, "s3-bucket-no-force-destroy", "production/Media/Media/Bucket");
  });
});

describe("production's data survives a mistaken destroy", () => {
  let json: SynthesizedStack;
  beforeAll(() => {
    json = JSON.parse(Testing.synth(new AppStack(testApp(), productionConfig), true)) as SynthesizedStack;
  });
  const DATA_BEARING = ["aws_db_instance", "aws_s3_bucket", "aws_ecr_repository", "aws_kms_key"];

  test("every database, bucket, repository and key has prevent_destroy", () => {
    const found = DATA_BEARING.flatMap((type) => resourceList(json, type).map((r) => ({ type, lifecycle: r.lifecycle })));
    expect(found.map((f) => f.type).sort()).toEqual([
      "aws_db_instance",
      "aws_ecr_repository",
      "aws_kms_key",
      "aws_kms_key",
      "aws_s3_bucket",
      "aws_s3_bucket",
      "aws_s3_bucket",
      "aws_s3_bucket",
    ]);
    for (const f of found) expect(f).toEqual({ type: f.type, lifecycle: expect.objectContaining({ prevent_destroy: true }) });
  });

  test("the database has deletion protection, a final snapshot, kept backups and room to grow", () => {
    const [db] = resourceList(json, "aws_db_instance");
    expect(db).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: expect.stringMatching(/^acme-production-postgres-final/),
      delete_automated_backups: false,
      multi_az: true,
      storage_encrypted: true,
    });
    expect(Number(db!.backup_retention_period)).toBeGreaterThanOrEqual(7);
    expect(Number(db!.max_allocated_storage)).toBeGreaterThan(Number(db!.allocated_storage));
  });

  test("no bucket can be emptied by Terraform and the repository cannot be force-deleted", () => {
    for (const bucket of resourceList(json, "aws_s3_bucket")) expect({ bucket: bucket.bucket, force: bucket.force_destroy }).toEqual({ bucket: bucket.bucket, force: false });
    for (const repository of resourceList(json, "aws_ecr_repository")) expect(repository.force_delete).not.toBe(true);
  });

  test("the alarm topic's key lets CloudWatch publish, and every alarm notifies the topic", () => {
    const topic = resourceList(json, "aws_sns_topic").find((t) => t.name === "acme-production-alarms");
    expect(topic).toBeDefined();
    const keyName = /^\$\{aws_kms_key\.([^.]+)\.arn\}$/.exec(String(topic!.kms_master_key_id))?.[1];
    const key = json.resource?.aws_kms_key?.[keyName ?? ""];
    const statements = parseJsonAttribute<{ Statement: { Principal?: { Service?: unknown }; Action: unknown }[] }>(key?.policy).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"] }),
    );
    const alarms = resourceList(json, "aws_cloudwatch_metric_alarm");
    expect(alarms.length).toBe(10);
    const topicArn = `\${aws_sns_topic.${Object.entries(json.resource?.aws_sns_topic ?? {}).find(([, t]) => t === topic)?.[0]}.arn}`;
    for (const alarm of alarms) expect([alarm.alarm_name, alarm.alarm_actions, alarm.ok_actions]).toEqual([alarm.alarm_name, [topicArn], [topicArn]]);
    expect(resourceList(json, "aws_sns_topic_subscription").filter((s) => s.topic_arn === topicArn).map((s) => s.endpoint)).toEqual(
      productionConfig.monitoring?.alarmEmails,
    );
    // Production runs two tasks at least: Container Insights counts them.
    expect(alarms.find((a) => String(a.alarm_name).endsWith("tasks-below-minimum"))).toMatchObject({
      namespace: "ECS/ContainerInsights",
      threshold: 2,
    });
  });
});

describe("a policy failure the config causes names the config key", () => {
  test("production with a single-AZ database: synth fails, telling the user to change database.multiAz", () => {
    const config = parseEnvironmentConfig({ ...production, database: { ...production.database!, multiAz: false } });
    const error = synthError(new AppStack(testApp(), config));
    expect(error).toBeInstanceOf(PolicyError);
    expect(error?.message).toMatch(/policy rds-multi-az \(error\): [^\n]* at production\/Database\/Instance: [^\n]*change database\.multiAz there/);
  });

  test("a rule failing on an attribute no config key sets keeps the resource-level advice", () => {
    const stack = new AppStack(testApp(), stagingConfig);
    new S3Bucket(stack, "Unmarked", { bucket: "acme-staging-unmarked" });
    const error = synthError(stack);
    expect(error?.message).toMatch(/at staging\/Unmarked: [^\n]*Fix the resource, or if it is deliberate call suppress/);
    expect(error?.message).not.toMatch(/at staging\/Unmarked: [^\n]*change [a-z]+\.[a-zA-Z]+ there/);
  });
});
