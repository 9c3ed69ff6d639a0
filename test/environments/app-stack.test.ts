import { AppStack, stateKey } from "../../environments/app-stack";
import { cidrsOverlap } from "../../modules/shared/cidr";
import { parseEnvironmentConfig } from "../../environments/config";
import { production } from "../../environments/production";
import { staging } from "../../environments/staging";
import { addressOf, countOf, onlyResource, refTo, resourceList, SynthesizedStack, synthJson, testApp } from "../support/synth";

const stagingConfig = parseEnvironmentConfig(staging);
const productionConfig = parseEnvironmentConfig(production);

const synthesized = new Map<string, { stack: AppStack; json: SynthesizedStack }>();

/**
 * An environment's stack and its JSON. Each config and backend is synthesized once per file:
 * the JSON is frozen, so a test that changed it would fail rather than mislead the next one.
 */
function synthEnvironment(config = stagingConfig, backend: "s3" | "local" = "s3"): { stack: AppStack; json: SynthesizedStack } {
  const key = `${backend}:${JSON.stringify(config)}`;
  let built = synthesized.get(key);
  if (built === undefined) {
    const stack = new AppStack(testApp(), config, { backend });
    built = { stack, json: deepFreeze(synthJson(stack)) };
    synthesized.set(key, built);
  }
  return built;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function logGroup(json: SynthesizedStack, name: string): Record<string, unknown> | undefined {
  return resourceList(json, "aws_cloudwatch_log_group").find((g) => g.name === name);
}

describe("AppStack state and provider", () => {
  const { json: stagingJson } = synthEnvironment(stagingConfig);
  const { json: productionJson } = synthEnvironment(productionConfig);

  test("keeps state in the S3 bucket, encrypted, with S3-native locking", () => {
    expect(stagingJson.terraform?.backend).toEqual({
      s3: {
        bucket: "acme-terraform-state-123456789012",
        key: "acme/staging/terraform.tfstate",
        region: "us-east-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test("each environment has its own state key", () => {
    const keys = [stagingJson, productionJson].map((j) => j.terraform?.backend?.s3?.key);
    expect(keys).toEqual(["acme/staging/terraform.tfstate", "acme/production/terraform.tfstate"]);
    expect(stateKey({ project: "acme", name: "preview-42" })).toBe("acme/preview-42/terraform.tfstate");
  });

  test("requires a Terraform that supports use_lockfile", () => {
    expect(stagingJson.terraform?.required_version).toBe(">= 1.10.0");
  });

  test("the provider may touch only the environment's account and tags everything", () => {
    expect(stagingJson.provider?.aws).toEqual([
      {
        region: "us-east-1",
        allowed_account_ids: ["123456789012"],
        default_tags: [{ tags: { CostCenter: "web", Project: "acme", Environment: "staging", ManagedBy: "cdktf" } }],
      },
    ]);
    expect(productionJson.provider?.aws?.[0]).toMatchObject({
      default_tags: [{ tags: expect.objectContaining({ Environment: "production" }) }],
    });
  });

  test("the local backend switch writes state to a file in the project folder instead", () => {
    const { json } = synthEnvironment(stagingConfig, "local");
    expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.staging.tfstate" } });
  });
});

describe("AppStack composition", () => {
  test("staging: the network from its config, private egress through one NAT instance", () => {
    const { stack, json } = synthEnvironment(stagingConfig);
    expect(stack.node.id).toBe("staging");
    expect(onlyResource(json, "aws_vpc")).toMatchObject({ cidr_block: "10.10.0.0/16", tags: { Name: "acme-staging-vpc" } });
    expect(resourceList(json, "aws_subnet").map((s) => s.availability_zone).sort()).toEqual([
      "us-east-1a",
      "us-east-1a",
      "us-east-1b",
      "us-east-1b",
    ]);
    expect(countOf(json, "aws_instance")).toBe(1);
    expect(countOf(json, "aws_nat_gateway")).toBe(0);
    expect(onlyResource(json, "aws_flow_log")).toMatchObject({ traffic_type: "REJECT" });
    expect(logGroup(json, "/acme-staging/vpc-flow-logs")).toMatchObject({ retention_in_days: 14 });
  });

  test("staging: one small ARM task on Fargate Spot in the public subnets, ECS Exec on, no autoscaling", () => {
    const { json } = synthEnvironment(stagingConfig);
    expect(onlyResource(json, "aws_ecs_task_definition")).toMatchObject({
      cpu: "256",
      memory: "512",
      runtime_platform: { cpu_architecture: "ARM64" },
    });
    expect(onlyResource(json, "aws_ecs_service")).toMatchObject({
      desired_count: 1,
      capacity_provider_strategy: [{ capacity_provider: "FARGATE_SPOT", weight: 1, base: 0 }],
      network_configuration: { assign_public_ip: true },
      enable_execute_command: true,
    });
    expect(countOf(json, "aws_appautoscaling_target")).toBe(0);
    expect(onlyResource(json, "aws_ecr_repository").lifecycle).toBeUndefined();
    expect(logGroup(json, "/acme-staging/ecs/api")).toMatchObject({ retention_in_days: 14 });
  });

  test("staging: CORS and throttling from the config", () => {
    const { json } = synthEnvironment(stagingConfig);
    expect(onlyResource(json, "aws_apigatewayv2_api").cors_configuration).toMatchObject({
      // The site's own origin first, then the config's additions.
      allow_origins: [`https://${refTo(json, "aws_cloudfront_distribution", "Site_Distribution", "domain_name")}`, "http://localhost:5173"],
    });
    expect(onlyResource(json, "aws_apigatewayv2_stage").default_route_settings).toMatchObject({
      throttling_rate_limit: 20,
      throttling_burst_limit: 40,
    });
  });

  test("the config's secrets reach the container as secrets, readable by the execution role", () => {
    const { json } = synthEnvironment(stagingConfig);
    const arn = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/staging/secret-key";
    const containers = JSON.parse(onlyResource(json, "aws_ecs_task_definition").container_definitions as string) as {
      name: string;
      secrets?: unknown[];
    }[];
    expect(containers.find((c) => c.name === "app")?.secrets).toContainEqual({ name: "SECRET_KEY", valueFrom: arn });
    const execution = resourceList(json, "aws_iam_role_policy").find((p) => p.name === "start-tasks");
    expect(JSON.parse(execution?.policy as string).Statement).toContainEqual(
      expect.objectContaining({ Action: "ssm:GetParameters", Resource: expect.arrayContaining([arn]) }),
    );
  });

  test("the VPC link sits in the private subnets and reaches the service's port only", () => {
    const { json } = synthEnvironment(stagingConfig);
    expect(onlyResource(json, "aws_apigatewayv2_vpc_link").subnet_ids).toEqual([
      refTo(json, "aws_subnet", "Network_PrivateSubnetA", "id"),
      refTo(json, "aws_subnet", "Network_PrivateSubnetB", "id"),
    ]);
    const serviceGroup = refTo(json, "aws_security_group", "ApiService_SecurityGroup", "id");
    const ingress = resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === serviceGroup);
    expect(ingress).toEqual([
      expect.objectContaining({
        from_port: 8000,
        to_port: 8000,
        referenced_security_group_id: refTo(json, "aws_security_group", "HttpApi_VpcLinkSecurityGroup", "id"),
      }),
    ]);
  });

  test("production: one NAT gateway, all traffic in the flow log, kept a year", () => {
    const { json } = synthEnvironment(productionConfig);
    expect(onlyResource(json, "aws_vpc")).toMatchObject({ cidr_block: "10.20.0.0/16" });
    expect(countOf(json, "aws_nat_gateway")).toBe(1);
    expect(countOf(json, "aws_instance")).toBe(0);
    expect(onlyResource(json, "aws_flow_log")).toMatchObject({ traffic_type: "ALL" });
    expect(logGroup(json, "/acme-production/vpc-flow-logs")).toMatchObject({ retention_in_days: 365 });
  });

  test("production: the tasks run in the private subnets with no public IP; staging's in the public ones", () => {
    const { json } = synthEnvironment(productionConfig);
    expect(onlyResource(json, "aws_ecs_service").network_configuration).toMatchObject({
      subnets: [refTo(json, "aws_subnet", "Network_PrivateSubnetA", "id"), refTo(json, "aws_subnet", "Network_PrivateSubnetB", "id")],
      assign_public_ip: false,
    });
    const staging = synthEnvironment(stagingConfig).json;
    expect(onlyResource(staging, "aws_ecs_service").network_configuration).toMatchObject({
      subnets: [refTo(staging, "aws_subnet", "Network_PublicSubnetA", "id"), refTo(staging, "aws_subnet", "Network_PublicSubnetB", "id")],
      assign_public_ip: true,
    });
  });

  test("production: two on-demand tasks, autoscaling to six, the image repository kept on destroy", () => {
    const { json } = synthEnvironment(productionConfig);
    expect(onlyResource(json, "aws_ecs_service")).toMatchObject({
      desired_count: 2,
      capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1, base: 0 }],
      enable_execute_command: false,
      lifecycle: { ignore_changes: ["desired_count"] },
    });
    expect(onlyResource(json, "aws_appautoscaling_target")).toMatchObject({ min_capacity: 2, max_capacity: 6 });
    expect(onlyResource(json, "aws_ecr_repository").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(json, "aws_apigatewayv2_api").cors_configuration).toMatchObject({
      allow_origins: [`https://${refTo(json, "aws_cloudfront_distribution", "Site_Distribution", "domain_name")}`],
    });
  });

  test("the database sits in the private subnets, not public, encrypted, and takes 5432 only from the API and the migrations", () => {
    for (const config of [stagingConfig, productionConfig]) {
      const { json } = synthEnvironment(config);
      expect(onlyResource(json, "aws_db_instance")).toMatchObject({ publicly_accessible: false, storage_encrypted: true });
      expect(onlyResource(json, "aws_db_subnet_group").subnet_ids).toEqual([
        refTo(json, "aws_subnet", "Network_PrivateSubnetA", "id"),
        refTo(json, "aws_subnet", "Network_PrivateSubnetB", "id"),
      ]);
      const dbGroup = refTo(json, "aws_security_group", "Database_SecurityGroup", "id");
      const ingress = resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === dbGroup);
      expect(ingress.map((r) => [r.from_port, r.to_port, r.referenced_security_group_id, r.cidr_ipv4]).sort()).toEqual(
        [
          [5432, 5432, refTo(json, "aws_security_group", "ApiService_SecurityGroup", "id"), undefined],
          [5432, 5432, refTo(json, "aws_security_group", "Migrations_SecurityGroup", "id"), undefined],
        ].sort(),
      );
    }
  });

  test("production's database is Multi-AZ, protected from deletion and destroy, with a final snapshot; staging's is not", () => {
    expect(onlyResource(synthEnvironment(productionConfig).json, "aws_db_instance")).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'acme-production-postgres-final-${formatdate("YYYYMMDDhhmmss", timestamp())}',
      apply_immediately: false,
      iam_database_authentication_enabled: true,
      // The snapshot's name is fixed at creation: no perpetual diff from timestamp().
      lifecycle: { prevent_destroy: true, ignore_changes: ["final_snapshot_identifier"] },
    });
    const staging = onlyResource(synthEnvironment(stagingConfig).json, "aws_db_instance");
    expect(staging).toMatchObject({
      multi_az: false,
      deletion_protection: false,
      skip_final_snapshot: true,
      instance_class: "db.t4g.micro",
      apply_immediately: true,
    });
    expect(staging.lifecycle).toBeUndefined();
  });

  test.each([
    ["staging", stagingConfig],
    ["production", productionConfig],
  ])("%s: the API gets the connection from Parameter Store and logs in as the application user with IAM, never the master secret", (_name, config) => {
    const { json } = synthEnvironment(config);
    const app = (JSON.parse(onlyResource(json, "aws_ecs_task_definition").container_definitions as string) as {
      name: string;
      secrets: { name: string; valueFrom: string }[];
      environment: { name: string; value: string }[];
    }[])[0]!;
    const valueFrom = Object.fromEntries(app.secrets.map((secret) => [secret.name, secret.valueFrom]));
    expect(valueFrom.DB_HOST).toBe(refTo(json, "aws_ssm_parameter", "Database_ParameterHost", "arn"));
    expect(valueFrom.DB_PORT).toBe(refTo(json, "aws_ssm_parameter", "Database_ParameterPort", "arn"));
    expect(valueFrom.DB_NAME).toBe(refTo(json, "aws_ssm_parameter", "Database_ParameterDatabase", "arn"));
    // The application user, not the master user, and no password of any kind.
    expect(app.environment).toContainEqual({ name: "DB_USER", value: "app_user" });
    const names = [...app.secrets.map((secret) => secret.name), ...app.environment.map((e) => e.name)];
    for (const gone of ["DB_PASSWORD", "DB_SECRET_ARN"]) expect(names).not.toContain(gone);

    // Neither of the API's roles may read the master secret (or any Secrets Manager secret).
    const secretArn = `\${${addressOf(json, "aws_db_instance", "Database_Instance")}.master_user_secret[0].secret_arn}`;
    const apiRoles = [refTo(json, "aws_iam_role", "ApiService_TaskRole", "id"), refTo(json, "aws_iam_role", "ApiService_ExecutionRole", "id")];
    const apiPolicies = resourceList(json, "aws_iam_role_policy").filter((p) => apiRoles.includes(p.role as string));
    expect(apiPolicies.length).toBeGreaterThanOrEqual(2);
    for (const policy of apiPolicies) {
      expect(policy.policy).not.toContain(secretArn);
      expect(policy.policy).not.toContain("secretsmanager:");
    }
    expect(resourceList(json, "aws_iam_role_policy").find((p) => p.name === "database-secret")).toBeUndefined();
    // The execution role reads only the connection parameters and the config's own secrets.
    const execution = resourceList(json, "aws_iam_role_policy").find((p) => p.role === apiRoles[1]);
    const readParameters = (JSON.parse(execution?.policy as string).Statement as { Sid: string; Resource: string[] }[]).find((st) => st.Sid === "ReadParameters");
    expect(readParameters?.Resource).not.toContain(refTo(json, "aws_ssm_parameter", "Database_ParameterSecretArn", "arn"));
    expect(readParameters?.Resource).not.toContain(refTo(json, "aws_ssm_parameter", "Database_ParameterUsername", "arn"));

    // The task role may connect as the application user of this instance, and do nothing else to it.
    const connect = resourceList(json, "aws_iam_role_policy").find((p) => p.name === `acme-${config.name}-postgres-connect`);
    expect(connect?.role).toBe(refTo(json, "aws_iam_role", "ApiService_TaskRole", "name"));
    const resourceId = refTo(json, "aws_db_instance", "Database_Instance", "resource_id");
    expect(JSON.parse(connect?.policy as string).Statement).toEqual([
      {
        Sid: "ConnectAsApplicationUser",
        Effect: "Allow",
        Action: "rds-db:connect",
        Resource: `arn:aws:rds-db:us-east-1:123456789012:dbuser:${resourceId}/app_user`,
      },
    ]);
  });

  test("every security group of both stacks can be replaced while in use: a name prefix, created before the old one goes", () => {
    for (const config of [stagingConfig, productionConfig]) {
      const { json } = synthEnvironment(config);
      const groups = resourceList(json, "aws_security_group");
      expect(groups.length).toBeGreaterThanOrEqual(4);
      for (const group of groups) {
        expect(group.name).toBeUndefined();
        expect(group.name_prefix).toBe(`${(group.tags as Record<string, string>).Name}-`);
        expect(group.lifecycle).toEqual({ create_before_destroy: true });
      }
    }
  });

  test("the migration build runs in the private subnets, and the pipeline runs it after the source", () => {
    const { json } = synthEnvironment(stagingConfig);
    expect(onlyResource(json, "aws_codebuild_project").vpc_config).toMatchObject({
      subnets: [refTo(json, "aws_subnet", "Network_PrivateSubnetA", "id"), refTo(json, "aws_subnet", "Network_PrivateSubnetB", "id")],
    });
    const stages = onlyResource(json, "aws_codepipeline").stage as { name: string; action: { configuration: Record<string, string> }[] }[];
    expect(stages.map((st) => st.name)).toEqual(["Source", "Migrate"]);
    expect(stages[1]!.action[0]!.configuration.ProjectName).toBe(refTo(json, "aws_codebuild_project", "Migrations_Project", "name"));
    expect(stages[0]!.action[0]!.configuration).toMatchObject({ FullRepositoryId: "acme/app", BranchName: "main" });
  });

  test("no bucket in any stack can be public", () => {
    for (const config of [stagingConfig, productionConfig]) {
      const { json } = synthEnvironment(config);
      const buckets = Object.keys(json.resource?.aws_s3_bucket ?? {}).map((name) => `\${aws_s3_bucket.${name}.id}`);
      const blocks = resourceList(json, "aws_s3_bucket_public_access_block");
      expect(buckets.length).toBeGreaterThanOrEqual(3);
      for (const bucket of buckets) {
        expect(blocks.find((b) => b.bucket === bucket)).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
      }
      for (const policy of resourceList(json, "aws_s3_bucket_policy")) {
        const statements = JSON.parse(policy.policy as string).Statement as { Effect: string; Principal: unknown; Condition?: unknown }[];
        // Every grant names one AWS service and is tied to one resource of ours.
        for (const st of statements.filter((x) => x.Effect === "Allow")) {
          expect(st.Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
          expect(st.Condition).toEqual({ StringEquals: { "AWS:SourceArn": expect.stringMatching(/^\$\{aws_cloudfront_distribution\./) } });
        }
      }
    }
  });

  test("the media bucket takes browser uploads from the site's origin only, and the API may use it (and no other bucket)", () => {
    const { json } = synthEnvironment(productionConfig);
    const siteOrigin = `https://${refTo(json, "aws_cloudfront_distribution", "Site_Distribution", "domain_name")}`;
    expect(onlyResource(json, "aws_s3_bucket_cors_configuration").cors_rule).toEqual([
      expect.objectContaining({ allowed_origins: [siteOrigin] }),
    ]);
    const mediaArn = refTo(json, "aws_s3_bucket", "Media_Bucket", "arn");
    const taskRole = refTo(json, "aws_iam_role", "ApiService_TaskRole", "id");
    const taskStatements = resourceList(json, "aws_iam_role_policy")
      .filter((p) => p.role === taskRole)
      .flatMap((p) => JSON.parse(p.policy as string).Statement as { Action: string | string[]; Resource: string | string[] }[]);
    // Anything that could reach S3: s3 actions, or wildcards.
    const s3Reaching = taskStatements.filter((st) => [st.Action].flat().some((a) => a === "*" || a.startsWith("s3:") || a.startsWith("s3*")));
    expect(s3Reaching.map((st) => st.Resource).sort()).toEqual([mediaArn, `${mediaArn}/*`].sort());
    // No managed policy (AmazonS3FullAccess, say) on the task role.
    expect(resourceList(json, "aws_iam_role_policy_attachment").filter((a) => a.role === taskRole)).toEqual([]);
    expect(resourceList(json, "aws_iam_role").find((r) => r.name === "acme-production-api-task")?.managed_policy_arns).toBeUndefined();
    expect(onlyResource(json, "aws_s3_bucket_cors_configuration").bucket).toBe(refTo(json, "aws_s3_bucket", "Media_Bucket", "id"));
    const app = (JSON.parse(onlyResource(json, "aws_ecs_task_definition").container_definitions as string) as {
      environment: { name: string; value: string }[];
    }[])[0]!;
    expect(app.environment).toContainEqual({ name: "MEDIA_BUCKET", value: refTo(json, "aws_s3_bucket", "Media_Bucket", "bucket") });
  });

  test("production keeps its media on destroy and logs the site; both serve media through the site", () => {
    const production = synthEnvironment(productionConfig).json;
    const mediaBucket = Object.entries(production.resource?.aws_s3_bucket ?? {}).find(([name]) => name.startsWith("Media_Bucket"))?.[1];
    expect(mediaBucket?.lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(production, "aws_cloudfront_distribution").logging_config).toBeDefined();
    for (const json of [production, synthEnvironment(stagingConfig).json]) {
      expect(onlyResource(json, "aws_cloudfront_distribution").ordered_cache_behavior).toEqual([
        expect.objectContaining({ path_pattern: "/media/*" }),
      ]);
    }
  });

  test("every optional service and API setting in the config reaches the modules", () => {
    const issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123";
    const config = parseEnvironmentConfig({
      ...staging,
      service: {
        ...staging.service,
        desiredCount: 2,
        minTasks: 1,
        maxTasks: 3,
        onDemandBase: 1,
        onDemandWeight: 1,
        spotWeight: 2,
        cpuArchitecture: "X86_64",
        healthCheckCommand: ["CMD", "/app/healthcheck"],
        containerInsights: true,
        subnets: "private",
      },
      api: { ...staging.api, publicReason: undefined, jwt: { issuer, audience: ["web-client"] } },
    });
    const { json } = synthEnvironment(config);
    expect(onlyResource(json, "aws_ecs_service")).toMatchObject({
      desired_count: 2,
      capacity_provider_strategy: [
        { capacity_provider: "FARGATE", weight: 1, base: 1 },
        { capacity_provider: "FARGATE_SPOT", weight: 2, base: 0 },
      ],
      network_configuration: { assign_public_ip: false },
    });
    expect(onlyResource(json, "aws_appautoscaling_target")).toMatchObject({ min_capacity: 1, max_capacity: 3 });
    const taskDefinition = onlyResource(json, "aws_ecs_task_definition");
    expect(taskDefinition.runtime_platform).toMatchObject({ cpu_architecture: "X86_64" });
    const app = (JSON.parse(taskDefinition.container_definitions as string) as { name: string; healthCheck: { command: string[] } }[])[0]!;
    expect(app.healthCheck.command).toEqual(["CMD", "/app/healthcheck"]);
    expect(onlyResource(json, "aws_ecs_cluster").setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
    expect(onlyResource(json, "aws_apigatewayv2_authorizer")).toMatchObject({
      jwt_configuration: { issuer, audience: ["web-client"] },
    });
  });

  test("an image from elsewhere: no repository, no repository output", () => {
    const config = parseEnvironmentConfig({
      ...staging,
      service: { ...staging.service, imageTag: undefined, imageUri: "public.ecr.aws/acme/api:1.2.3" },
    });
    const { json } = synthEnvironment(config);
    expect(countOf(json, "aws_ecr_repository")).toBe(0);
    expect(json.output?.ecr_repository_url).toBeUndefined();
  });

  test("every IAM policy document is valid JSON once Terraform fills in its references", () => {
    for (const config of [stagingConfig, productionConfig]) {
      const { json } = synthEnvironment(config);
      const documents = [
        ...resourceList(json, "aws_iam_role").map((r) => r.assume_role_policy),
        ...resourceList(json, "aws_iam_role_policy").map((p) => p.policy),
      ];
      expect(documents.length).toBeGreaterThan(3);
      for (const document of documents) {
        // A reference stands where Terraform will put a string; an expression with quotes would break the JSON.
        const filled = (document as string).replace(/\$\{[^}]*\}/g, "ARN");
        expect(() => JSON.parse(filled)).not.toThrow();
      }
    }
  });

  test("the stack, not the modules, decides what to export", () => {
    const { json } = synthEnvironment(stagingConfig);
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      "alarm_topic_arn",
      "api_endpoint",
      "application_ci_variables",
      "dashboard_name",
      "database_endpoint",
      "database_secret_arn",
      "ecr_repository_url",
      "ecs_cluster_name",
      "ecs_service_name",
      "media_bucket_name",
      "migrations_connection_arn",
      "migrations_notification_topic_arn",
      "migrations_pipeline_name",
      "private_subnet_ids",
      "public_subnet_ids",
      "site_bucket_name",
      "site_deploy_policy_arn",
      "site_distribution_id",
      "site_domain_name",
      "site_url",
      "vpc_id",
    ]);
    expect(json.output?.vpc_id?.value).toMatch(/^\$\{aws_vpc\.Network_Vpc_[0-9A-F]+\.id\}$/);
  });

  test("the two environments' networks do not overlap", () => {
    expect(cidrsOverlap(stagingConfig.network.cidr, productionConfig.network.cidr)).toBe(false);
  });

  // Change detectors, not assertions: a changed construct id changes a Terraform address, and
  // Terraform replaces the resource (deleting it first). A diff here deserves a look at the plan.
  test.each([
    ["staging", stagingConfig],
    ["production", productionConfig],
  ])("%s keeps its Terraform addresses and outputs unless the code changes", (_name, config) => {
    const { json } = synthEnvironment(config);
    const addresses = Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
    expect({ addresses: addresses.sort(), outputs: Object.keys(json.output ?? {}).sort() }).toMatchSnapshot();
  });
});
