import { App } from "cdktf";
import * as os from "node:os";
import { AppStack, buildApp, maxSlugLength, parseProjectConfig, previewConfig, previewEnvironmentName, previewExpiry, previewRequestFrom, previewSlug, projectConfig, withPreview } from "../../environments";
import type { EnvironmentInput } from "../../environments/config";
import { EXAMPLES, type ExampleSystem } from "../../examples";
import { synthJson as synthesizedJson } from "../support/synth";
import { TAG_CHARACTERS } from "../../modules/shared";
import { errorsOf, evaluate, type StackJson, warningsOf } from "../../policies";

const TODAY = new Date("2026-12-01T12:00:00Z");
const staging = projectConfig.environments[0] as EnvironmentInput;

describe("preview names", () => {
  test.each([
    ["123", "pr-123"],
    ["#123", "pr-123"],
    ["pr-123", "pr-123"],
    ["PR123", "pr-123"],
    ["pull/123/merge", "pr-123"],
    ["dev-alice", "dev-alice"],
    ["fix-login", "fix-login"],
  ])("%s is %s", (source, slug) => {
    expect(previewSlug(source, 17)).toBe(slug);
  });

  test("a branch is cleaned to lowercase letters, digits and single hyphens, and ends with its hash", () => {
    const slug = previewSlug("Feature/Add_Login!!", 17);
    expect(slug).toMatch(/^feature-add-[0-9a-f]{4}$/);
    expect(slug.length).toBeLessThanOrEqual(17);
  });

  test("sources that clean to the same text get different names; the same source always the same", () => {
    const sources = ["feature/x", "feature_x", "Feature-X", "feature--x", "feature-x"];
    const slugs = sources.map((s) => previewSlug(s, 17));
    expect(new Set(slugs).size).toBe(sources.length);
    expect(slugs[4]).toBe("feature-x");
    expect(previewSlug("feature/x", 17)).toBe(slugs[0]);
  });

  test("long names are shortened within the room, never ending in a hyphen, and stay distinct", () => {
    const a = previewSlug("renovate/aws-sdk-client-dynamodb-3.x", 17);
    const b = previewSlug("renovate/aws-sdk-client-dynamodb-4.x", 17);
    for (const slug of [a, b]) {
      expect(slug.length).toBeLessThanOrEqual(17);
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(a).not.toBe(b);
  });

  test("unicode and punctuation only are cleaned, or refused when nothing is left", () => {
    expect(previewSlug("émoji-ünï", 17)).toMatch(/^emoji-uni-[0-9a-f]{4}$/);
    expect(() => previewSlug("!!!", 17)).toThrow(/--preview "!!!" has no letter or digit/);
    expect(() => previewSlug("", 17)).toThrow(/has no letter or digit/);
  });

  test("the room left by the project's name: the environment name within 20, `<project>-<environment>` within 32", () => {
    expect(maxSlugLength("acme")).toBe(17);
    expect(maxSlugLength("a-twenty-char-projct")).toBe(8);
    for (const project of ["acme", "woocom", "alb-fargate", "a-twenty-char-projct"]) {
      const name = previewEnvironmentName(project, "feature/a-very-long-branch-name-that-goes-on");
      expect(name.length).toBeLessThanOrEqual(20);
      expect(`${project}-${name}`.length).toBeLessThanOrEqual(32);
      expect(name).toMatch(/^pv-[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  test("a preview's own name names it again (the clean-up rebuilds a preview from its state's name)", () => {
    for (const source of ["Feature/Checkout_Flow#42", "42", "dev-alice", "feature/a-very-long-branch-name-that-goes-on", "pv-main"]) {
      const name = previewEnvironmentName("acme", source);
      expect([source, previewEnvironmentName("acme", name)]).toEqual([source, name]);
    }
    // Not a preview's name as it stands (uppercase, too long): named like any other source.
    expect(previewEnvironmentName("acme", "pv-Main")).toMatch(/^pv-pv-main-[0-9a-f]{4}$/);
    expect(previewEnvironmentName("acme", "pv-a-much-too-long-preview")).toMatch(/^pv-pv-a-much-to-[0-9a-f]{4}$/);
  });

  test("a pull request number too long for the room is refused, naming the option", () => {
    expect(() => previewSlug("1234567", 8)).toThrow(/--preview "1234567": pr-1234567 is longer than the 8 characters/);
  });
});

describe("preview expiry", () => {
  test("defaults to seven days after today; a given day is kept", () => {
    expect(previewExpiry({ today: TODAY })).toBe("2026-12-08");
    expect(previewExpiry({ expires: "2026-12-20", today: TODAY })).toBe("2026-12-20");
  });

  test.each([
    ["2026-13-01", /--expires must be a date, YYYY-MM-DD/],
    ["next week", /--expires must be a date/],
    ["2026-11-30", /--expires 2026-11-30 has passed/],
    ["2027-02-01", /more than 30 days away/],
  ])("refuses %s", (expires, message) => {
    expect(() => previewExpiry({ expires, today: TODAY })).toThrow(message);
  });
});

describe("the command line", () => {
  test("options, and the variables cdktf deploy passes (options win)", () => {
    expect(previewRequestFrom([])).toBeUndefined();
    expect(previewRequestFrom(["--preview", "42", "--of", "staging", "--expires=2026-12-05"])).toEqual({ source: "42", of: "staging", expires: "2026-12-05" });
    expect(previewRequestFrom([], { PREVIEW: "dev-alice", PREVIEW_EXPIRES: "2026-12-05" })).toEqual({ source: "dev-alice", of: undefined, expires: "2026-12-05" });
    expect(previewRequestFrom(["--preview", "7"], { PREVIEW: "dev-alice" })?.source).toBe("7");
  });

  test.each([
    [["--verbose"], /--verbose is not an option of synth/],
    [["--preview"], /--preview needs a value/],
    [["--of", "staging"], /--preview is required with --of and --expires/],
  ])("refuses %j", (args, message) => {
    expect(() => previewRequestFrom(args)).toThrow(message);
  });
});

describe("a preview's config", () => {
  const config = previewConfig(staging, { source: "Feature/Checkout", expires: "2026-12-08", today: TODAY });

  test("is the cheapest copy, unprotected, with short logs, tagged with its source and expiry", () => {
    expect(config.name).toMatch(/^pv-feature-checkout-[0-9a-f]{4}$|^pv-feature-chec/);
    expect(config.protected).toBe(false);
    expect(config.logRetentionDays).toBe(3);
    expect(config.tags).toEqual({ ...staging.tags, Preview: "Feature/Checkout", PreviewExpires: "2026-12-08" });
    expect(previewConfig(staging, { source: "Feature/Checkout_Flow#42, übung!", today: TODAY }).tags?.Preview).toBe("Feature/Checkout_Flow-42- übung-");
    expect(previewConfig(staging, { source: "x".repeat(300), today: TODAY }).tags?.Preview).toHaveLength(256);
    expect(config.network.egress).not.toBe("nat-gateway");
    expect(config.network.flowLogs).toBe("off");
    expect(config.database).toMatchObject({ instanceClass: "db.t4g.micro", multiAz: false, deletionProtection: false, finalSnapshot: false, backupRetentionDays: 1 });
    expect(config.domain).toBeUndefined();
    expect(config.delivery).toBeUndefined();
    expect(config.migrations).toBeUndefined();
    expect(config.monitoring?.alarmEmails).toBeUndefined();
    expect(config.preview?.alertEmails).toEqual(staging.monitoring?.alarmEmails);
    expect(config.state).toEqual(staging.state);
  });

  test("never of a protected environment or of a preview", () => {
    const production = projectConfig.environments[1] as EnvironmentInput;
    expect(() => previewConfig(production, { source: "1", today: TODAY })).toThrow(/--of "production" is protected/);
    expect(() => previewConfig(config, { source: "1", today: TODAY })).toThrow(/is a preview already/);
    expect(() => withPreview(projectConfig, { source: "1", of: "qa", today: TODAY })).toThrow(/--of names no environment of the project \("qa"; there are staging, production\)/);
  });

  test("a name that looks like a preview's, without being one, is refused", () => {
    const impostor = { ...staging, name: "pv-main", network: { ...staging.network, cidr: "10.99.0.0/16" } };
    expect(() => parseProjectConfig({ bootstrap: projectConfig.bootstrap, environments: [...projectConfig.environments, impostor] })).toThrow(
      /environments\.pv-main\.name: must not be "pv" or start with "pv-": those names are the previews'/,
    );
  });
});

/** AWS's length limits of the names the systems' resources take, by resource type and attribute. */
const NAME_LIMITS: Record<string, Record<string, number>> = {
  aws_apigatewayv2_api: { name: 128 },
  aws_apigatewayv2_authorizer: { name: 128 },
  aws_apigatewayv2_stage: { name: 128 },
  aws_apigatewayv2_vpc_link: { name: 128 },
  aws_appautoscaling_policy: { name: 255 },
  aws_budgets_budget: { name: 100 },
  aws_cloudfront_origin_access_control: { name: 64 },
  aws_cloudfront_response_headers_policy: { name: 128 },
  aws_cloudfront_function: { name: 64 },
  aws_cloudwatch_dashboard: { dashboard_name: 255 },
  aws_cloudwatch_log_group: { name: 512 },
  aws_cloudwatch_metric_alarm: { alarm_name: 255 },
  aws_codebuild_project: { name: 150 },
  aws_codepipeline: { name: 100 },
  aws_codestarconnections_connection: { name: 32 },
  aws_cognito_user_pool: { name: 128 },
  aws_cognito_user_pool_client: { name: 128 },
  aws_cognito_user_pool_domain: { domain: 63 },
  aws_db_instance: { identifier: 63 },
  // Terraform adds 26 characters to a name_prefix.
  aws_db_parameter_group: { name: 255, name_prefix: 229, family: 255 },
  aws_db_subnet_group: { name: 255 },
  aws_dynamodb_table: { name: 255 },
  aws_ecr_repository: { name: 256 },
  aws_ecr_pull_through_cache_rule: { ecr_repository_prefix: 30 },
  aws_ecs_cluster: { name: 255 },
  aws_ecs_service: { name: 255 },
  aws_ecs_task_definition: { family: 255 },
  aws_iam_instance_profile: { name: 128 },
  aws_iam_policy: { name: 128 },
  aws_iam_role: { name: 64 },
  aws_iam_role_policy: { name: 128 },
  aws_kms_alias: { name: 256 },
  aws_lambda_alias: { name: 128 },
  aws_lambda_function: { function_name: 64 },
  aws_launch_template: { name: 128 },
  aws_lb: { name: 32 },
  aws_lb_target_group: { name: 32, name_prefix: 6 },
  aws_route53_record: { name: 253 },
  aws_s3_bucket: { bucket: 63 },
  aws_secretsmanager_secret: { name: 512 },
  aws_security_group: { name: 255, name_prefix: 229 },
  aws_service_discovery_private_dns_namespace: { name: 253 },
  aws_service_discovery_service: { name: 63 },
  aws_sns_topic: { name: 256 },
  aws_sqs_queue: { name: 80 },
  aws_ssm_parameter: { name: 2048 },
};
/** Attributes of those names that hold no name. */
const NOT_NAMES = new Set(["aws_eip.domain"]);
/** The attributes that hold a name AWS limits. */
const NAME_ATTRIBUTES = ["name", "name_prefix", "function_name", "bucket", "identifier", "alarm_name", "family", "dashboard_name", "domain", "ecr_repository_prefix"];

/** Every system's staging, previewed from the longest branch name the room allows, with characters to clean. */
function previewsOfEverySystem(): { system: string; json: ReturnType<typeof synthesizedJson>; stack: AppStack }[] {
  const request = { source: "Feature/THE_longest-branch.name/that-anyone-would_push!", expires: "2026-12-08", today: TODAY };
  const systems: { system: string; configs: { bootstrap: unknown; environments: readonly unknown[] } }[] = [
    { system: "project", configs: projectConfig },
    ...EXAMPLES.map((example: ExampleSystem) => ({ system: example.system, configs: { bootstrap: example.bootstrap, environments: example.environments } })),
  ];
  return systems.map(({ system, configs }) => {
    const parsed = parseProjectConfig(withPreview(configs, request));
    const preview = parsed.environments[parsed.environments.length - 1]!;
    const app = new App({ outdir: `${os.tmpdir()}/preview-names-${system}` });
    const stack = new AppStack(app, preview, { backend: "local" });
    return { system, json: synthesizedJson(stack), stack };
  });
}

describe("every system's preview", () => {
  const previews = previewsOfEverySystem();

  test.each(previews.map((p) => [p.system, p] as const))("%s: every name fits AWS's limit for its kind of resource", (_system, { json }) => {
    const tooLong: string[] = [];
    const unknown = new Set<string>();
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const resource of Object.values(byName)) {
        for (const attribute of NAME_ATTRIBUTES) {
          const value = (resource as Record<string, unknown>)[attribute];
          if (typeof value !== "string" || value.includes("${") || NOT_NAMES.has(`${type}.${attribute}`)) continue;
          const limit = NAME_LIMITS[type]?.[attribute];
          if (limit === undefined) unknown.add(`${type}.${attribute}`);
          else if (value.length > limit) tooLong.push(`${type}.${attribute} "${value}" (${value.length} > ${limit})`);
        }
      }
    }
    expect([...unknown]).toEqual([]);
    expect(tooLong).toEqual([]);
  });

  test.each(previews.map((p) => [p.system, p] as const))("%s: passes the policy pack with zero errors and no warnings", (_system, { stack }) => {
    // With the construct tree's metadata (the reasons of deliberate suppressions), as synth writes it.
    const report = evaluate(stack.toTerraform() as StackJson, { protected: false });
    expect(errorsOf(report)).toEqual([]);
    expect(warningsOf(report)).toEqual([]);
    expect(report.results.filter((r) => r.status === "pass").length).toBeGreaterThan(50);
  });

  test.each(previews.map((p) => [p.system, p] as const))("%s: tagged, emptied on destroy, with a budget and no NAT gateway or Multi-AZ database", (_system, { json }) => {
    const tags = (json.provider?.aws?.[0] as { default_tags?: { tags?: Record<string, string> }[] } | undefined)?.default_tags?.[0]?.tags ?? {};
    expect(tags.Preview).toBe("Feature/THE_longest-branch.name/that-anyone-would_push-");
    for (const [key, value] of Object.entries(tags)) expect([key, TAG_CHARACTERS.test(key) && TAG_CHARACTERS.test(value)]).toEqual([key, true]);
    expect(tags.PreviewExpires).toBe("2026-12-08");
    expect(tags.Environment).toMatch(/^pv-/);
    const resources = json.resource ?? {};
    expect(Object.keys(resources.aws_nat_gateway ?? {})).toEqual([]);
    for (const db of Object.values(resources.aws_db_instance ?? {})) expect(db).toMatchObject({ multi_az: false, deletion_protection: false, skip_final_snapshot: true });
    for (const bucket of Object.values(resources.aws_s3_bucket ?? {})) expect((bucket as { force_destroy?: boolean }).force_destroy).toBe(true);
    for (const repository of Object.values(resources.aws_ecr_repository ?? {})) expect((repository as { force_delete?: boolean }).force_delete).toBe(true);
    expect(JSON.stringify(resources)).not.toContain("prevent_destroy");
    const budgets = Object.values(resources.aws_budgets_budget ?? {});
    expect(budgets).toHaveLength(1);
  });
});

test("npm run synth's app: a preview beside the environments, none of whose CI roles change", () => {
  const { app, environments, bootstrap } = buildApp({ outdir: `${os.tmpdir()}/preview-app`, preview: { source: "42", today: TODAY } });
  expect(environments.map((e) => e.node.id)).toEqual(["staging", "production", "pv-pr-42"]);
  const roles = Object.values((synthesizedJson(bootstrap).resource ?? {}).aws_iam_role ?? {}).map((r) => (r as { name: string }).name);
  expect(roles.sort()).toEqual(["acme-github-deploy-production", "acme-github-deploy-staging", "acme-github-plan", "acme-github-preview"]);
  expect(app.node.children.length).toBe(4);
});
