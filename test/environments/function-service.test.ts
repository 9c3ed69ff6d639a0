import { AppStack } from "../../environments/app-stack";
import { ConfigError, EnvironmentInput, parseEnvironmentConfig } from "../../environments/config";
import { staging as containerStaging } from "../../environments/staging";
import { DATABASE_CONNECTION_HEADROOM, functionConnectionBudget } from "../../environments/features/function-service";
import { production } from "../../examples/django-lambda/production";
import { staging } from "../../examples/django-lambda/staging";
import { resourceList, SynthesizedStack, synthJson, testApp } from "../support/synth";

// The API tier of `service.kind: "function"` (the django-lambda example's configs): the config's
// own rules, and what the stack builds from it.

type FunctionService = Extract<EnvironmentInput["service"], { kind: "function" }>;
const service = staging.service as FunctionService;

function withService(changes: Partial<FunctionService>, base: EnvironmentInput = staging): EnvironmentInput {
  return { ...base, service: { ...(base.service as FunctionService), ...changes } };
}

function issuesOf(input: unknown): { path: string; reason: string }[] {
  try {
    parseEnvironmentConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("the function tier's config rules", () => {
  test("the example's staging and production parse", () => {
    expect(parseEnvironmentConfig(staging).service).toMatchObject({ kind: "function", runtime: "python3.13", reservedConcurrency: 20 });
    expect(parseEnvironmentConfig(production)).toMatchObject({ protected: true, service: { kind: "function", reservedConcurrency: 100 } });
  });

  test("the database's connections bound the function's concurrency: max_connections less the headroom", () => {
    expect(functionConnectionBudget("db.t4g.micro")).toEqual({ maxConnections: 84, budget: 84 - DATABASE_CONNECTION_HEADROOM });
    expect(functionConnectionBudget("db.t4g.small")).toEqual({ maxConnections: 168, budget: 158 });
    expect(functionConnectionBudget("db.x9z.huge")).toBeUndefined();
  });

  test("with a database, reservedConcurrency is required", () => {
    expect(issuesOf(withService({ reservedConcurrency: undefined }))).toEqual([
      { path: "service.reservedConcurrency", reason: expect.stringMatching(/^is required with a database: .* db\.t4g\.micro allows about 84; set it to at most 74/) },
    ]);
  });

  test("a concurrency the database cannot hold is refused, naming the class and the limit", () => {
    expect(issuesOf(withService({ reservedConcurrency: 75 }))).toEqual([
      { path: "service.reservedConcurrency", reason: expect.stringMatching(/^must be at most 74 with database\.instanceClass db\.t4g\.micro .*; got 75/) },
    ]);
    expect(() => parseEnvironmentConfig(withService({ reservedConcurrency: 74 }))).not.toThrow();
  });

  test("without a database, no concurrency is needed", () => {
    const input: Record<string, unknown> = { ...withService({ reservedConcurrency: undefined }) };
    delete input.database;
    expect(() => parseEnvironmentConfig(input)).not.toThrow();
  });

  test("variables the stack sets are refused, each once", () => {
    expect(issuesOf(withService({ environment: { ...service.environment, SITE_URL: "x", DB_HOST: "db", MEDIA_BUCKET: "b" } })).map((i) => i.path)).toEqual([
      "service.environment.SITE_URL",
      "service.environment.DB_HOST",
      "service.environment.MEDIA_BUCKET",
    ]);
  });

  test("a database password variable is refused: the function logs in with IAM", () => {
    expect(issuesOf(withService({ environment: { ...service.environment, DB_PASSWORD: "x" } }))).toContainEqual({
      path: "service.environment.DB_PASSWORD",
      reason: expect.stringMatching(/IAM database authentication/),
    });
  });

  test("a container's delivery builds its image: its own repository, left to the pipeline, no function settings; migrations (Liquibase) are for a container service", () => {
    const issues = issuesOf({ ...containerStaging, delivery: { ...staging.delivery, functionDirectory: "app", migrateCommand: "python manage.py migrate" } });
    // The container takes its image by imageTag but leaves it to Terraform; the function's settings are not its own.
    expect(issues).toContainEqual({ path: "delivery.functionDirectory", reason: expect.stringMatching(/^is for a function service/) });
    expect(issues).toContainEqual({ path: "delivery.migrateCommand", reason: expect.stringMatching(/^is for a function service's package/) });
    expect(issues).toContainEqual({ path: "service.imageUpdates", reason: expect.stringMatching(/^must be "pipeline" with a delivery section/) });
    expect(issuesOf({ ...containerStaging, service: { ...containerStaging.service, imageUri: "docker.io/library/nginx:1.27" }, delivery: { repository: "acme/app" } })).toContainEqual({
      path: "delivery",
      reason: expect.stringMatching(/^builds the image into the service's own ECR repository/),
    });
    expect(issuesOf({ ...staging, delivery: { ...staging.delivery, serviceDirectory: "backend" } })).toContainEqual({ path: "delivery.serviceDirectory", reason: expect.stringMatching(/^is for a container service's image/) });
    expect(issuesOf({ ...staging, migrations: containerStaging.migrations })).toContainEqual({ path: "migrations", reason: expect.stringMatching(/^is for a container service/) });
  });

  test("the lambda-function module's own checks come back under the service's keys", () => {
    const paths = issuesOf(withService({ runtime: "python3.9", memoryMiB: 64, codeFolder: "examples/django-lambda/nowhere" })).map((i) => i.path);
    expect(paths.sort()).toEqual(["service.codeFolder", "service.memoryMiB", "service.runtime"]);
  });
});

describe("the function tier as built", () => {
  let json: SynthesizedStack;
  beforeAll(() => {
    json = synthJson(new AppStack(testApp(), parseEnvironmentConfig(staging), { backend: "local" }));
  });

  test("one function in the private subnets, behind the API through its alias", () => {
    const [fn] = resourceList(json, "aws_lambda_function");
    expect(resourceList(json, "aws_lambda_function")).toHaveLength(1);
    expect(fn).toMatchObject({ function_name: "django-lambda-staging-api", runtime: "python3.13", architectures: ["arm64"], reserved_concurrent_executions: 20 });
    expect(fn?.vpc_config).toBeDefined();
    const [integration] = resourceList(json, "aws_apigatewayv2_integration");
    expect(integration).toMatchObject({ integration_type: "AWS_PROXY", payload_format_version: "2.0", integration_uri: expect.stringMatching(/^\$\{aws_lambda_function\.ApiFunction_\w+\.arn\}:\$\{aws_lambda_alias\.ApiFunction_Alias_\w+\.name\}$/) });
    // No VPC link: the function is invoked by API Gateway, not reached inside the VPC.
    expect(resourceList(json, "aws_apigatewayv2_vpc_link")).toEqual([]);
  });

  test("its variables: where the data is, in plain settings, and the secret by its ARN only", () => {
    const [fn] = resourceList(json, "aws_lambda_function");
    const variables = (fn?.environment as { variables: Record<string, string> }).variables;
    expect(Object.keys(variables).sort()).toEqual(
      ["APP_ENV", "DB_HOST", "DB_NAME", "DB_PORT", "DB_USER", "DJANGO_ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "MEDIA_BUCKET", "SECRET_KEY_ARN", "SITE_URL"].sort(),
    );
    expect(variables.DB_USER).toBe("app_user");
    expect(variables.SECRET_KEY_ARN).toBe("arn:aws:ssm:us-east-1:123456789012:parameter/django-lambda/staging/secret-key");
  });

  test("the database admits the function's security group on 5432", () => {
    const rules = resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => String(r.description).includes("API function"));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ from_port: 5432, to_port: 5432, referenced_security_group_id: expect.stringMatching(/aws_security_group\.ApiFunction/) });
  });

  test("the code is the pipeline's after the first deploy: Terraform ignores it", () => {
    const [fn] = resourceList(json, "aws_lambda_function");
    expect((fn?.lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual(expect.arrayContaining(["filename", "source_code_hash"]));
    const [alias] = resourceList(json, "aws_lambda_alias");
    expect((alias?.lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual(["function_version"]);
  });

  test("a delivery pipeline of its own, watched by monitoring", () => {
    expect(resourceList(json, "aws_codepipeline")).toHaveLength(1);
    expect(Object.keys(json.output ?? {})).toEqual(expect.arrayContaining(["function_name", "function_alias_arn", "delivery_pipeline_name", "api_endpoint"]));
    expect(Object.keys(json.output ?? {})).not.toContain("ecs_cluster_name");
  });
});
