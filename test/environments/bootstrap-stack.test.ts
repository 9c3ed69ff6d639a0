import { bootstrap } from "../../environments/bootstrap";
import { BootstrapStack } from "../../environments/bootstrap-stack";
import { parseBootstrapConfig } from "../../environments/config";
import { Testing } from "cdktf";
import { errorsOf, evaluate, StackJson, warningsOf } from "../../policies";
import { onlyResource, parseJsonAttribute, refTo, resourceList, resourceCounts, synthJson, testApp } from "../support/synth";

describe("BootstrapStack", () => {
  const stack = new BootstrapStack(testApp(), parseBootstrapConfig(bootstrap));
  const json = synthJson(stack);

  test("is named bootstrap and keeps its own state in a local file in the project folder", () => {
    expect(stack.node.id).toBe("bootstrap");
    expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
  });

  test("creates the protected state bucket, and GitHub's OIDC provider with the plan and deploy roles", () => {
    expect(Object.keys(resourceCounts(json)).filter((type) => !type.startsWith("aws_s3_bucket"))).toEqual([
      "aws_iam_openid_connect_provider",
      "aws_iam_policy",
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_iam_role_policy_attachment",
    ]);
    // The plan role, one deploy role per environment and the previews' role; a boundary per environment and the previews'.
    expect(resourceCounts(json)).toMatchObject({
      aws_iam_openid_connect_provider: 1,
      aws_iam_policy: 3,
      aws_iam_role: 4,
      aws_iam_role_policy: 3 + 3 * 3,
      aws_iam_role_policy_attachment: 3,
    });
    expect(resourceList(json, "aws_s3_bucket")).toEqual([
      // Who read or wrote state: its S3 server access logs.
      expect.objectContaining({ bucket: "acme-terraform-state-logs-123456789012", lifecycle: { prevent_destroy: true } }),
      expect.objectContaining({ bucket: "acme-terraform-state-123456789012", lifecycle: { prevent_destroy: true } }),
    ]);
    expect(onlyResource(json, "aws_s3_bucket_logging")).toMatchObject({ target_prefix: "state-access/" });
  });

  test("the provider is pinned to the bootstrap account and tags with Environment=bootstrap", () => {
    expect(json.provider?.aws?.[0]).toMatchObject({
      region: "us-east-1",
      allowed_account_ids: ["123456789012"],
      default_tags: [{ tags: { Project: "acme", Environment: "bootstrap", ManagedBy: "cdktf" } }],
    });
  });

  test("exports the bucket name and the roles' ARNs", () => {
    expect(json.output?.state_bucket?.value).toMatch(/^\$\{aws_s3_bucket\.StateBucket_State_Bucket_[0-9A-F]+\.bucket\}$/);
    expect(json.output?.github_plan_role_arn?.value).toMatch(/^\$\{aws_iam_role\.GitHub_PlanRole_[0-9A-F]+\.arn\}$/);
    expect(json.output?.github_deploy_role_arns?.value).toEqual({
      staging: expect.stringMatching(/^\$\{aws_iam_role\.GitHub_DeployRole-staging_[0-9A-F]+\.arn\}$/),
      production: expect.stringMatching(/^\$\{aws_iam_role\.GitHub_DeployRole-production_[0-9A-F]+\.arn\}$/),
    });
  });

  test("the deploy role trusts the repository's GitHub environments named after the environment stacks", () => {
    const withEnvironments = new BootstrapStack(testApp(), parseBootstrapConfig(bootstrap), { deployEnvironments: ["staging", "production", "qa"] });
    expect(withEnvironments.github?.deployRoles.map((d) => d.subject)).toEqual([
      "repo:acme/infrastructure:environment:staging",
      "repo:acme/infrastructure:environment:production",
      "repo:acme/infrastructure:environment:qa",
    ]);
  });

  test("without a GitHub repository in the config, no OIDC provider or roles", () => {
    const { github: _github, ...withoutGithub } = bootstrap;
    const plain = synthJson(new BootstrapStack(testApp(), parseBootstrapConfig(withoutGithub)));
    // The state bucket, and the environments' and previews' boundaries (their roles need them, GitHub or not).
    expect(Object.keys(resourceCounts(plain)).filter((type) => !type.startsWith("aws_s3_bucket"))).toEqual(["aws_iam_policy"]);
    expect(resourceCounts(plain).aws_iam_policy).toBe(3);
    expect(plain.output?.github_plan_role_arn).toBeUndefined();
  });
});

describe("BootstrapStack with applicationDelivery", () => {
  const config = parseBootstrapConfig({ ...bootstrap, applicationDelivery: { repository: "acme/app" } });
  const stack = new BootstrapStack(testApp(), config);
  const json = synthJson(stack);
  const roleNamed = (name: string) => resourceList(json, "aws_iam_role").find((r) => r.name === name);

  test("adds one application role per deploy environment, each with one inline policy, and nothing else", () => {
    const plain = resourceCounts(synthJson(new BootstrapStack(testApp(), parseBootstrapConfig(bootstrap))));
    expect(resourceCounts(json)).toEqual({ ...plain, aws_iam_role: plain.aws_iam_role! + 2, aws_iam_role_policy: plain.aws_iam_role_policy! + 2 });
    expect(stack.applicationRoles.map((r) => [r.environment, r.roleName, r.subject])).toEqual([
      ["staging", "acme-github-app-staging", "repo:acme/app:environment:staging"],
      ["production", "acme-github-app-production", "repo:acme/app:environment:production"],
    ]);
  });

  test("each role carries its environment's boundary and trusts the GitHub provider the stack creates", () => {
    const provider = refTo(json, "aws_iam_openid_connect_provider", "GitHub_Provider", "arn");
    for (const env of ["staging", "production"]) {
      const role = roleNamed(`acme-github-app-${env}`);
      expect(role).toMatchObject({ permissions_boundary: `arn:aws:iam::123456789012:policy/acme-${env}-boundary`, max_session_duration: 3600 });
      const trust = parseJsonAttribute<{ Statement: { Principal: unknown; Condition: unknown }[] }>(role!.assume_role_policy).Statement;
      expect(trust.map((t) => t.Principal)).toEqual([{ Federated: provider }]);
      expect(trust[0]!.Condition).toEqual({
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": [`repo:acme/app:environment:${env}`] },
      });
    }
  });

  test("exports the roles' ARNs by environment, for the application repository's GitHub environments", () => {
    expect(json.output?.github_application_role_arns).toEqual({
      value: {
        staging: expect.stringMatching(/^\$\{aws_iam_role\.GitHubApplicationRole-staging_[A-Za-z0-9_]+\.arn\}$/),
        production: expect.stringMatching(/^\$\{aws_iam_role\.GitHubApplicationRole-production_[A-Za-z0-9_]+\.arn\}$/),
      },
      description: "AWS_ROLE_ARN of the application repository's GitHub environments",
    });
    // The infrastructure roles' outputs are unchanged.
    expect(Object.keys(json.output ?? {}).sort()).toEqual(["github_application_role_arns", "github_deploy_role_arns", "github_plan_role_arn", "github_preview_role_arn", "state_bucket"]);
  });

  test("one role per deploy environment given, and an existing provider is trusted as named", () => {
    const providerArn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const withQa = new BootstrapStack(
      testApp(),
      parseBootstrapConfig({ ...bootstrap, github: { ...bootstrap.github!, providerArn }, applicationDelivery: { repository: "acme/app" } }),
      { deployEnvironments: ["staging", "production", "qa"] },
    );
    expect(withQa.applicationRoles.map((r) => r.subject)).toEqual([
      "repo:acme/app:environment:staging",
      "repo:acme/app:environment:production",
      "repo:acme/app:environment:qa",
    ]);
    const qa = synthJson(withQa);
    const role = resourceList(qa, "aws_iam_role").find((r) => r.name === "acme-github-app-qa");
    expect(role?.permissions_boundary).toBe("arn:aws:iam::123456789012:policy/acme-qa-boundary");
    expect(parseJsonAttribute<{ Statement: { Principal: unknown }[] }>(role!.assume_role_policy).Statement[0]!.Principal).toEqual({ Federated: providerArn });
    expect(Object.keys((qa.output?.github_application_role_arns?.value ?? {}) as object).sort()).toEqual(["production", "qa", "staging"]);
  });

  test("pushImagesToEcr: false leaves the roles without ECR access", () => {
    const noEcr = synthJson(new BootstrapStack(testApp(), parseBootstrapConfig({ ...bootstrap, applicationDelivery: { repository: "acme/app", pushImagesToEcr: false } })));
    const policies = resourceList(noEcr, "aws_iam_role_policy").filter((p) => p.name === "application-delivery");
    expect(policies).toHaveLength(2);
    for (const p of policies) expect(String(p.policy)).not.toContain("ecr:");
    const withEcr = resourceList(json, "aws_iam_role_policy").filter((p) => p.name === "application-delivery");
    for (const p of withEcr) expect(String(p.policy)).toContain("ecr:PutImage");
  });

  test("synthesizes with zero policy errors and no warnings, and suppresses nothing for the application roles", () => {
    expect(() => Testing.synth(stack, true)).not.toThrow();
    const report = evaluate(stack.toTerraform() as StackJson, { protected: true });
    expect(errorsOf(report)).toEqual([]);
    expect(warningsOf(report)).toEqual([]);
    const onApplicationRoles = report.results.filter((r) => r.subject.path.includes("GitHubApplicationRole"));
    expect(onApplicationRoles.length).toBeGreaterThan(0);
    expect(onApplicationRoles.filter((r) => r.status === "suppressed")).toEqual([]);
  });

  test("without applicationDelivery, no application role and no output", () => {
    const plain = new BootstrapStack(testApp(), parseBootstrapConfig(bootstrap));
    expect(plain.applicationRoles).toEqual([]);
    const plainJson = synthJson(plain);
    expect(resourceList(plainJson, "aws_iam_role").map((r) => r.name)).not.toContainEqual(expect.stringMatching(/github-app/));
    expect(plainJson.output?.github_application_role_arns).toBeUndefined();
  });
});

describe("BootstrapStack with developerAccess", () => {
  const config = parseBootstrapConfig({
    ...bootstrap,
    previews: {},
    developerAccess: {
      developers: [
        { name: "sameer", principalArn: "arn:aws:iam::123456789012:user/sameer", canRequestAccess: true },
        { name: "dana", principalArn: "arn:aws:iam::123456789012:user/dana" },
      ],
    },
  });
  const stack = new BootstrapStack(testApp(), config);
  const json = synthJson(stack);

  test("creates one role per developer and the access request role, and exports their ARNs", () => {
    expect(stack.developerAccess?.developerRoles.map((d) => d.name)).toEqual(["sameer", "dana"]);
    expect(stack.developerAccess?.accessRequestRole?.developers).toEqual(["sameer"]);
    const byName = Object.fromEntries(
      Object.entries(json.resource?.aws_iam_role ?? {}).map(([id, role]) => [(role as { name: string }).name, id]),
    );
    expect(json.output?.developer_role_arns?.value).toEqual({
      sameer: `\${aws_iam_role.${byName["acme-developer-sameer"]}.arn}`,
      dana: `\${aws_iam_role.${byName["acme-developer-dana"]}.arn}`,
    });
    expect(json.output?.access_request_role_arn?.value).toBe(`\${aws_iam_role.${byName["acme-access-request"]}.arn}`);
  });

  test("without a developer who may request access, no access request role and no output", () => {
    const plain = new BootstrapStack(testApp(), parseBootstrapConfig({ ...bootstrap, previews: {}, developerAccess: { developers: [{ name: "dana", principalArn: "arn:aws:iam::123456789012:user/dana" }] } }));
    const plainJson = synthJson(plain);
    expect(Object.keys(plainJson.output?.developer_role_arns?.value as object)).toEqual(["dana"]);
    expect(plainJson.output?.access_request_role_arn).toBeUndefined();
  });

  test("needs previews: developers work in previews", () => {
    expect(() => parseBootstrapConfig({ ...bootstrap, previews: undefined, developerAccess: { developers: [{ name: "dana", principalArn: "arn:aws:iam::123456789012:user/dana" }] } })).toThrow(/developerAccess/);
  });
});
