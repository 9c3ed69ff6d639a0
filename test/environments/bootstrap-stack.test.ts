import { bootstrap } from "../../environments/bootstrap";
import { BootstrapStack } from "../../environments/bootstrap-stack";
import { parseBootstrapConfig } from "../../environments/config";
import { onlyResource, resourceList, resourceCounts, synthJson, testApp } from "../support/synth";

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
    // The plan role and one deploy role per environment; a boundary per environment.
    expect(resourceCounts(json)).toMatchObject({
      aws_iam_openid_connect_provider: 1,
      aws_iam_policy: 2,
      aws_iam_role: 3,
      aws_iam_role_policy: 3 + 2 * 3,
      aws_iam_role_policy_attachment: 2,
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
    // The state bucket, and the environments' boundaries (their roles need them, GitHub or not).
    expect(Object.keys(resourceCounts(plain)).filter((type) => !type.startsWith("aws_s3_bucket"))).toEqual(["aws_iam_policy"]);
    expect(resourceCounts(plain).aws_iam_policy).toBe(2);
    expect(plain.output?.github_plan_role_arn).toBeUndefined();
  });
});
