import { AppStack } from "../../environments/app-stack";
import { parseEnvironmentConfig } from "../../environments/config";
import { staging } from "../../environments/staging";
import { errorsOf, evaluate, StackJson } from "../../policies";
import { estimateCost, SynthesizedStack as CostStack, unpricedResourceTypes } from "../../scripts/cost/estimate";
import { COMPOSITIONS } from "../support/compositions";
import { countOf, resourceList, SynthesizedStack, synthJson, testApp } from "../support/synth";

function build(name: string): { stack: AppStack; json: SynthesizedStack } {
  const stack = new AppStack(testApp(), parseEnvironmentConfig(COMPOSITIONS[name]));
  return { stack, json: synthJson(stack) };
}

/** The container's environment variable and secret names. */
function containerVariables(json: SynthesizedStack): string[] {
  const task = resourceList(json, "aws_ecs_task_definition")[0]!;
  const [app] = JSON.parse(task.container_definitions as string) as { environment?: { name: string }[]; secrets?: { name: string }[] }[];
  return [...(app!.environment ?? []), ...(app!.secrets ?? [])].map((v) => v.name).sort();
}

describe("an environment with its own domain names", () => {
  const { json } = build("with-domain");
  const zone = "with-domain.example.com";

  test("one zone; a certificate for the site in us-east-1 (the second provider) and one for the API in the region", () => {
    expect(countOf(json, "aws_route53_zone")).toBe(1);
    const providers = (json.provider as { aws: { alias?: string; region: string }[] }).aws.map((p) => [p.alias ?? "default", p.region]);
    expect(providers).toEqual([["default", "eu-west-1"], ["us-east-1", "us-east-1"]]);
    const certificates = resourceList(json, "aws_acm_certificate").map((c) => [c.domain_name, c.subject_alternative_names ?? [], c.provider ?? "default"]);
    expect(certificates.sort()).toEqual(
      [
        [zone, [`www.${zone}`], "aws.us-east-1"],
        [`api.${zone}`, [], "default"],
      ].sort(),
    );
  });

  test("the site and the API answer at their names, with validated certificates, and their records point at them", () => {
    const distribution = resourceList(json, "aws_cloudfront_distribution")[0]!;
    expect(distribution.aliases).toEqual([zone, `www.${zone}`]);
    expect(String((distribution.viewer_certificate as Record<string, unknown>).acm_certificate_arn)).toMatch(/^\$\{aws_acm_certificate_validation\..*\.certificate_arn\}$/);
    const api = resourceList(json, "aws_apigatewayv2_api")[0]!;
    expect(api.disable_execute_api_endpoint).toBe(true);
    // The site's own origins, then the config's.
    expect((api.cors_configuration as { allow_origins: string[] }).allow_origins).toEqual([`https://${zone}`, `https://www.${zone}`, "http://localhost:5173"]);
    const domainName = resourceList(json, "aws_apigatewayv2_domain_name")[0]!;
    expect(domainName.domain_name).toBe(`api.${zone}`);
    const aliases = resourceList(json, "aws_route53_record").filter((r) => r.alias !== undefined).map((r) => `${String(r.type)} ${String(r.name)}`).sort();
    expect(aliases).toEqual([`A ${zone}`, `A api.${zone}`, `A www.${zone}`, `AAAA ${zone}`, `AAAA api.${zone}`, `AAAA www.${zone}`].sort());
    expect(json.output?.api_endpoint).toMatchObject({ value: `https://api.${zone}` });
    expect(json.output?.dns_name_servers).toBeDefined();
  });
});

describe("an environment composed without a feature", () => {
  const full = synthJson(new AppStack(testApp(), parseEnvironmentConfig(staging)));

  test.each(Object.keys(COMPOSITIONS))("%s synthesizes and passes the policy pack", (name) => {
    const { stack, json } = build(name);
    // Synth itself fails on a policy error; the report says so too, with the protection the stack records.
    const report = evaluate(stack.toTerraform() as StackJson, { protected: false });
    expect(errorsOf(report)).toEqual([]);
    expect(report.results.length).toBeGreaterThan(100);
    expect(countOf(json, "aws_ecs_service")).toBe(1);
    expect(countOf(json, "aws_apigatewayv2_api")).toBe(1);
  });

  test("without the site: no distribution, no site outputs, and the media bucket takes no browser uploads", () => {
    const { json } = build("no-site");
    expect(countOf(json, "aws_cloudfront_distribution")).toBe(0);
    expect(countOf(full, "aws_cloudfront_distribution")).toBe(1);
    expect(countOf(json, "aws_s3_bucket_cors_configuration")).toBe(0);
    expect(Object.keys(json.output ?? {}).filter((o) => o.startsWith("site_"))).toEqual([]);
    // The API's CORS origins are the config's own: the Vite dev server.
    expect(resourceList(json, "aws_apigatewayv2_api")[0]!.cors_configuration).toMatchObject({ allow_origins: ["http://localhost:5173"] });
  });

  test("without migrations: no build project, pipeline or their outputs; the database stays", () => {
    const { json } = build("no-migrations");
    for (const type of ["aws_codebuild_project", "aws_codepipeline", "aws_codestarconnections_connection"]) expect(countOf(json, type)).toBe(0);
    expect(countOf(json, "aws_db_instance")).toBe(1);
    expect(Object.keys(json.output ?? {}).filter((o) => o.startsWith("migrations_"))).toEqual([]);
    expect(resourceList(json, "aws_cloudwatch_metric_alarm").map((a) => a.alarm_name)).not.toContain("acme-no-migrations-migrations-build-failed");
    expect(resourceList(full, "aws_cloudwatch_metric_alarm").map((a) => a.alarm_name)).toContain("acme-staging-migrations-build-failed");
  });

  test("without the database: no instance, no connection settings in the container, no login grant, no database alarms", () => {
    const { json } = build("no-database");
    expect(countOf(json, "aws_db_instance")).toBe(0);
    expect(countOf(json, "aws_codebuild_project")).toBe(0);
    expect(containerVariables(json)).toEqual(["APP_ENV", "AWS_XRAY_DAEMON_ADDRESS", "LOG_LEVEL", "MEDIA_BUCKET", "SECRET_KEY"]);
    expect(containerVariables(full)).toEqual(["APP_ENV", "AWS_XRAY_DAEMON_ADDRESS", "DB_HOST", "DB_NAME", "DB_PORT", "DB_USER", "LOG_LEVEL", "MEDIA_BUCKET", "SECRET_KEY"]);
    expect(resourceList(json, "aws_iam_role_policy").map((p) => p.policy as string).join("\n")).not.toContain("rds-db:connect");
    expect(resourceList(json, "aws_cloudwatch_metric_alarm").map((a) => String(a.alarm_name).replace("acme-no-database-", ""))).not.toContainEqual(
      expect.stringMatching(/^database-/),
    );
    expect(Object.keys(json.output ?? {}).filter((o) => o.startsWith("database_"))).toEqual([]);
  });
});

describe("the cost estimate of a composition", () => {
  test("prices what is there: less without the database, every resource type known", () => {
    const config = parseEnvironmentConfig(COMPOSITIONS["no-database"]);
    // The stacks' whole JSON, with the purpose marks the estimate reads.
    const json = build("no-database").stack.toTerraform() as CostStack;
    const fullJson = new AppStack(testApp(), parseEnvironmentConfig(staging)).toTerraform() as CostStack;
    const without = estimateCost(json, config.usage, config.region);
    const withDatabase = estimateCost(fullJson, config.usage, config.region);
    expect(unpricedResourceTypes(json)).toEqual([]);
    expect(without.lines.filter((l) => l.type === "aws_db_instance")).toEqual([]);
    expect(withDatabase.lines.filter((l) => l.type === "aws_db_instance").length).toBeGreaterThan(0);
    expect(without.total).toBeLessThan(withDatabase.total);
  });
});

describe("sections that need another", () => {
  test("migrations without a database, and media served through a missing site, are refused by their keys", () => {
    const { database: _database, site: _site, ...rest } = staging;
    expect(() => parseEnvironmentConfig(rest)).toThrow(/\n {2}media\.serveThroughSite: needs a site section[^\n]*\n {2}migrations: needs a database section/);
  });
});
