import { iamEnvironmentRoleBounded } from "../../policies/rules/iam/iam-environment-role-bounded";
import { iamGithubOidcTrustScoped } from "../../policies/rules/iam/iam-github-oidc-trust-scoped";
import { iamNoPassroleStar } from "../../policies/rules/iam/iam-no-passrole-star";
import { iamNoWildcardActions } from "../../policies/rules/iam/iam-no-wildcard-actions";
import { iamNoWildcardResource } from "../../policies/rules/iam/iam-no-wildcard-resource";
import { iamTrustNotPublic } from "../../policies/rules/iam/iam-trust-not-public";
import { expectFlagged, expectPass, Fixture, resultFor } from "./harness";

const doc = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (Action: unknown, Resource: unknown = "arn:aws:s3:::data/*", extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});
const managed = (policy: unknown): Fixture => ({ type: "aws_iam_policy", name: "p", values: { name: "p", policy } });
const inline = (policy: unknown): Fixture => ({ type: "aws_iam_role_policy", name: "rp", values: { role: "r", policy } });
const serviceTrust = doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" });
const role = (assumeRolePolicy: unknown, values: Record<string, unknown> = {}): Fixture => ({
  type: "aws_iam_role",
  name: "r",
  values: { name: "r", assume_role_policy: assumeRolePolicy, ...values },
});

describe("iam-no-wildcard-actions", () => {
  it("passes policies that list their actions, on every policy-carrying type", () => {
    const policy = doc(allow(["s3:GetObject", "s3:PutObject"]), { Effect: "Deny", Action: "*", Resource: "*" });
    expectPass(iamNoWildcardActions, [managed(policy)], "aws_iam_policy.p");
    expectPass(iamNoWildcardActions, [inline(policy)], "aws_iam_role_policy.rp");
    expectPass(iamNoWildcardActions, [{ type: "aws_iam_user_policy", name: "u", values: { user: "u", policy } }], "aws_iam_user_policy.u");
    expectPass(iamNoWildcardActions, [{ type: "aws_iam_group_policy", name: "g", values: { group: "g", policy } }], "aws_iam_group_policy.g");
    expectPass(iamNoWildcardActions, [role(serviceTrust, { inline_policy: [{ name: "ok", policy }] })], "aws_iam_role.r");
  });

  it("is not applicable to a role without inline policies", () => {
    expect(resultFor(iamNoWildcardActions, [role(serviceTrust)], "aws_iam_role.r").status).toBe("not-applicable");
    expect(resultFor(iamNoWildcardActions, [role(serviceTrust, { inline_policy: [{}] })], "aws_iam_role.r").status).toBe("not-applicable");
  });

  it('fails synth for Action "*"', () => {
    expect(expectFlagged(iamNoWildcardActions, [inline(doc(allow("*", "*")))], "aws_iam_role_policy.rp")).toContain('Statement[0] allows Action "*"');
  });

  it("fails synth for every action of a service", () => {
    const message = expectFlagged(iamNoWildcardActions, [managed(doc(allow(["s3:GetObject", "S3:*"])))], "aws_iam_policy.p");
    expect(message).toContain('allows Action "S3:*"');
    expect(message).not.toContain("s3:GetObject");
  });

  it("fails synth for NotAction in an Allow statement", () => {
    const policy = doc({ Sid: "AllButIam", Effect: "Allow", NotAction: "iam:*", Resource: "*" });
    expect(expectFlagged(iamNoWildcardActions, [managed(policy)], "aws_iam_policy.p")).toContain("statement AllButIam allows NotAction");
  });

  it("fails synth for a wildcard in a role's inline_policy block", () => {
    const message = expectFlagged(iamNoWildcardActions, [role(serviceTrust, { inline_policy: [{ name: "admin", policy: doc(allow("iam:*")) }] })], "aws_iam_role.r");
    expect(message).toContain('inline_policy "admin" Statement[0] allows Action "iam:*"');
  });

  it("fails synth for a policy it cannot read", () => {
    expect(expectFlagged(iamNoWildcardActions, [managed("{not json")], "aws_iam_policy.p")).toContain("policy is not valid JSON");
    expect(expectFlagged(iamNoWildcardActions, [managed("${data.aws_iam_policy_document.d.json}")], "aws_iam_policy.p")).toContain("Terraform expression");
  });
});

describe("iam-no-wildcard-resource", () => {
  it("passes scoped resources and actions that only work on *", () => {
    const policy = doc(
      allow("s3:GetObject", "${aws_s3_bucket.b.arn}/*"),
      allow(["xray:PutTraceSegments", "ecr:GetAuthorizationToken", "ec2:DescribeSubnets", "logs:DescribeLogGroups", "ecs:DescribeTaskDefinition"], "*"),
    );
    expectPass(iamNoWildcardResource, [inline(policy)], "aws_iam_role_policy.rp");
  });

  it("passes * narrowed by a condition on the subnet or the resource's tags", () => {
    const policy = doc(
      allow("ec2:CreateNetworkInterface", "*", { Condition: { ArnEquals: { "ec2:Subnet": ["arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-1"] } } }),
      allow("ec2:StartInstances", "*", { Condition: { StringEquals: { "aws:ResourceTag/team": "web" } } }),
    );
    expectPass(iamNoWildcardResource, [managed(policy)], "aws_iam_policy.p");
  });

  it('fails synth for an action that takes ARNs on "*", naming only those actions', () => {
    const policy = doc(allow(["ec2:DescribeSubnets", "ec2:CreateNetworkInterface", "s3:GetObject"], "*", { Sid: "Vpc" }));
    const message = expectFlagged(iamNoWildcardResource, [inline(policy)], "aws_iam_role_policy.rp");
    expect(message).toContain('statement Vpc allows ec2:CreateNetworkInterface, s3:GetObject on Resource "*"');
    expect(message).not.toContain("DescribeSubnets");
  });

  it.each([["logs:Describe*"], ["ec2:Describe*"]])('fails synth for the wildcard action pattern %s on "*"', (action) => {
    expect(expectFlagged(iamNoWildcardResource, [managed(doc(allow(action, "*")))], "aws_iam_policy.p")).toContain(`allows ${action} on Resource`);
  });

  it("fails synth for NotResource and for NotAction on *", () => {
    const notResource = doc(allow("s3:GetObject", undefined, { NotResource: "arn:aws:s3:::secret/*" }));
    expect(expectFlagged(iamNoWildcardResource, [managed(notResource)], "aws_iam_policy.p")).toContain("allows s3:GetObject with NotResource");
    const notAction = doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" });
    expect(expectFlagged(iamNoWildcardResource, [managed(notAction)], "aws_iam_policy.p")).toContain('allows NotAction ["iam:*"] on Resource "*"');
  });

  it("fails synth when the condition does not narrow the resources", () => {
    const negated = doc(allow("ec2:StartInstances", "*", { Condition: { StringNotEquals: { "aws:ResourceTag/team": "ops" } } }));
    expect(expectFlagged(iamNoWildcardResource, [managed(negated)], "aws_iam_policy.p")).toContain("ec2:StartInstances");
    const ifExists = doc(allow("ec2:StartInstances", "*", { Condition: { StringEqualsIfExists: { "aws:ResourceTag/team": "web" } } }));
    expect(expectFlagged(iamNoWildcardResource, [managed(ifExists)], "aws_iam_policy.p")).toContain("ec2:StartInstances");
    const otherKey = doc(allow("ec2:StartInstances", "*", { Condition: { Bool: { "aws:SecureTransport": "true" } } }));
    expect(expectFlagged(iamNoWildcardResource, [managed(otherKey)], "aws_iam_policy.p")).toContain("ec2:StartInstances");
  });

  it("fails synth for a policy it cannot read", () => {
    expect(expectFlagged(iamNoWildcardResource, [inline(JSON.stringify({ Version: "2012-10-17" }))], "aws_iam_role_policy.rp")).toContain("policy has no Statement");
  });
});

describe("iam-no-passrole-star", () => {
  it("passes PassRole on named roles, and NotAction that excludes it", () => {
    const policy = doc(allow("iam:PassRole", "${aws_iam_role.task.arn}"), { Effect: "Allow", NotAction: "iam:*", Resource: "*" });
    expectPass(iamNoPassroleStar, [managed(policy)], "aws_iam_policy.p");
  });

  it.each([["iam:PassRole"], ["IAM:passrole"], ["iam:Pass*"], ["iam:*"], ["*"]])('fails synth for %s on Resource "*"', (action) => {
    const message = expectFlagged(iamNoPassroleStar, [inline(doc(allow(action, "*")))], "aws_iam_role_policy.rp");
    expect(message).toContain('Statement[0] allows iam:PassRole on Resource "*"');
  });

  it("fails synth for a NotAction that does not exclude PassRole, and for NotResource", () => {
    const notAction = doc({ Effect: "Allow", NotAction: ["s3:*"], Resource: "*" });
    expect(expectFlagged(iamNoPassroleStar, [managed(notAction)], "aws_iam_policy.p")).toContain("allows iam:PassRole");
    const notResource = doc(allow("iam:PassRole", undefined, { NotResource: "arn:aws:iam::123456789012:role/admin" }));
    expect(expectFlagged(iamNoPassroleStar, [managed(notResource)], "aws_iam_policy.p")).toContain("allows iam:PassRole with NotResource");
  });

  it("fails synth even with an iam:PassedToService condition", () => {
    const policy = doc(allow("iam:PassRole", "*", { Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }));
    expectFlagged(iamNoPassroleStar, [managed(policy)], "aws_iam_policy.p");
  });

  it("fails synth for a policy it cannot read", () => {
    expect(expectFlagged(iamNoPassroleStar, [managed(42)], "aws_iam_policy.p")).toContain("policy is a number, not JSON");
  });
});

const trust = (Principal: unknown, extra: Record<string, unknown> = {}): string =>
  doc({ Effect: "Allow", Principal, Action: "sts:AssumeRole", ...extra });

describe("iam-trust-not-public", () => {
  it("passes service and federated principals", () => {
    expectPass(iamTrustNotPublic, [role(trust({ Service: "codebuild.amazonaws.com" }))], "aws_iam_role.r");
    expectPass(iamTrustNotPublic, [role(trust({ Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }))], "aws_iam_role.r");
  });

  it("passes an account or anyone narrowed by a condition on the caller", () => {
    const external = trust({ AWS: "arn:aws:iam::111122223333:root" }, { Condition: { StringEquals: { "sts:ExternalId": "a1b2c3" } } });
    expectPass(iamTrustNotPublic, [role(external)], "aws_iam_role.r");
    const org = trust({ AWS: "*" }, { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } });
    expectPass(iamTrustNotPublic, [role(org)], "aws_iam_role.r");
    const denyAll = doc({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" });
    expectPass(iamTrustNotPublic, [role(denyAll)], "aws_iam_role.r");
  });

  it.each([["*"], [{ AWS: "*" }], [{ AWS: ["arn:aws:iam::123456789012:role/ci", "*"] }]])("fails synth for the public principal %j", (principal) => {
    expect(expectFlagged(iamTrustNotPublic, [role(trust(principal))], "aws_iam_role.r")).toContain('trusts principal "*"');
  });

  it("fails synth for Allow with NotPrincipal", () => {
    const policy = doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" });
    expect(expectFlagged(iamTrustNotPublic, [role(policy)], "aws_iam_role.r")).toContain("trusts everyone but its NotPrincipal");
  });

  it.each([["arn:aws:iam::111122223333:root"], ["111122223333"], ["arn:aws:iam::${data.aws_caller_identity.me.account_id}:root"]])(
    "fails synth for the whole account %s",
    (account) => {
      expect(expectFlagged(iamTrustNotPublic, [role(trust({ AWS: account }))], "aws_iam_role.r")).toContain(`trusts the whole account ${account}`);
    },
  );

  it("fails synth when the condition does not name the callers", () => {
    const mfa = trust({ AWS: "arn:aws:iam::111122223333:root" }, { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } });
    expectFlagged(iamTrustNotPublic, [role(mfa)], "aws_iam_role.r");
    const negated = trust({ AWS: "*" }, { Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } } });
    expectFlagged(iamTrustNotPublic, [role(negated)], "aws_iam_role.r");
    const anyArn = trust({ AWS: "*" }, { Condition: { StringLike: { "aws:PrincipalArn": "*" } } });
    expectFlagged(iamTrustNotPublic, [role(anyArn)], "aws_iam_role.r");
  });

  it("fails synth for a trust policy it cannot read", () => {
    expect(expectFlagged(iamTrustNotPublic, [role(undefined)], "aws_iam_role.r")).toContain("assume_role_policy is missing");
    expect(expectFlagged(iamTrustNotPublic, [role('{"Statement":[{"Effect":"Maybe"}]}')], "aws_iam_role.r")).toContain("has Effect Maybe");
  });
});

const GITHUB_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const githubTrust = (conditions: Record<string, unknown>, federated = GITHUB_ARN): string =>
  doc({ Sid: "GitHub", Effect: "Allow", Principal: { Federated: federated }, Action: "sts:AssumeRoleWithWebIdentity", Condition: conditions });
const audience = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
const scoped = (conditions: Record<string, unknown>, federated?: string): Fixture => role(githubTrust(conditions, federated));
const provider = (url: string): Fixture => ({ type: "aws_iam_openid_connect_provider", name: "oidc", values: { url, client_id_list: ["sts.amazonaws.com"] } });

describe("iam-github-oidc-trust-scoped", () => {
  it("passes a trust pinned to the audience and one repository", () => {
    const conditions = {
      StringEquals: audience,
      StringLike: { "token.actions.githubusercontent.com:sub": ["repo:acme/site:ref:refs/heads/main", "repo:acme/site:environment:*"] },
    };
    expectPass(iamGithubOidcTrustScoped, [scoped(conditions)], "aws_iam_role.r");
  });

  it("passes through a referenced OIDC provider, and a GitHub Enterprise issuer", () => {
    const conditions = { StringEquals: { ...audience, "token.actions.githubusercontent.com:sub": "repo:acme/site:ref:refs/heads/main" } };
    expectPass(iamGithubOidcTrustScoped, [provider("https://token.actions.githubusercontent.com"), scoped(conditions, "${aws_iam_openid_connect_provider.oidc.arn}")], "aws_iam_role.r");
    const enterprise = "token.actions.githubusercontent.com/acme";
    const enterpriseConditions = { StringEquals: { [`${enterprise}:aud`]: "sts.amazonaws.com", [`${enterprise}:sub`]: "repo:acme/site:ref:refs/heads/main" } };
    expectPass(iamGithubOidcTrustScoped, [scoped(enterpriseConditions, `arn:aws:iam::123456789012:oidc-provider/${enterprise}`)], "aws_iam_role.r");
  });

  it("is not applicable to roles that do not trust GitHub Actions", () => {
    expect(resultFor(iamGithubOidcTrustScoped, [role(serviceTrust)], "aws_iam_role.r").status).toBe("not-applicable");
    const eks = [provider("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"), scoped({}, "${aws_iam_openid_connect_provider.oidc.arn}")];
    expect(resultFor(iamGithubOidcTrustScoped, eks, "aws_iam_role.r").status).toBe("not-applicable");
  });

  it("fails synth without the audience condition, or with another audience", () => {
    const sub = { "token.actions.githubusercontent.com:sub": "repo:acme/site:ref:refs/heads/main" };
    const missing = expectFlagged(iamGithubOidcTrustScoped, [scoped({ StringEquals: sub })], "aws_iam_role.r");
    expect(missing).toContain("statement GitHub does not require token.actions.githubusercontent.com:aud to be sts.amazonaws.com");
    const other = { StringEquals: { ...sub, "token.actions.githubusercontent.com:aud": "https://github.com/acme" } };
    expect(expectFlagged(iamGithubOidcTrustScoped, [scoped(other)], "aws_iam_role.r")).toContain(":aud to be sts.amazonaws.com");
  });

  it("fails synth without a sub condition", () => {
    const message = expectFlagged(iamGithubOidcTrustScoped, [scoped({ StringEquals: audience })], "aws_iam_role.r");
    expect(message).toContain("does not limit token.actions.githubusercontent.com:sub to one repository");
    expect(message).toContain("found no StringEquals/StringLike condition");
  });

  it.each([["*"], ["repo:acme/*"], ["repo:*/site:*"], ["repo:acme/site*"], ["repo:ac?e/site:ref:refs/heads/main"]])("fails synth for the sub %s", (sub) => {
    const conditions = { StringEquals: audience, StringLike: { "token.actions.githubusercontent.com:sub": sub } };
    expect(expectFlagged(iamGithubOidcTrustScoped, [scoped(conditions)], "aws_iam_role.r")).toContain(`found ${JSON.stringify([sub])}`);
  });

  it("fails synth when one of several sub values is not scoped", () => {
    const conditions = { StringEquals: audience, StringLike: { "token.actions.githubusercontent.com:sub": ["repo:acme/site:ref:refs/heads/main", "repo:acme/*"] } };
    expectFlagged(iamGithubOidcTrustScoped, [scoped(conditions)], "aws_iam_role.r");
  });

  it("fails synth through a referenced GitHub provider", () => {
    const fixtures = [provider("https://token.actions.githubusercontent.com"), scoped({ StringEquals: audience }, "${aws_iam_openid_connect_provider.oidc.arn}")];
    expect(expectFlagged(iamGithubOidcTrustScoped, fixtures, "aws_iam_role.r")).toContain(":sub to one repository");
  });

  it("fails synth for a trust policy it cannot read", () => {
    expect(expectFlagged(iamGithubOidcTrustScoped, [role("${data.aws_iam_policy_document.trust.json}")], "aws_iam_role.r")).toContain("Terraform expression");
  });
});

describe("iam-environment-role-bounded", () => {
  const boundary = "arn:aws:iam::123456789012:policy/acme-staging-boundary";
  const githubTrust = doc({
    Effect: "Allow",
    Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/site:environment:staging" } },
  });

  it("passes a service role with the environment's boundary", () => {
    expectPass(iamEnvironmentRoleBounded, [role(serviceTrust, { permissions_boundary: boundary })], "aws_iam_role.r", { permissionsBoundaryArn: boundary });
  });

  it("is not applicable where the stack names no boundary (the bootstrap stack's CI roles)", () => {
    expect(resultFor(iamEnvironmentRoleBounded, [role(githubTrust)], "aws_iam_role.r").status).toBe("not-applicable");
  });

  it("fails synth without the boundary, with another one, or trusting an identity provider", () => {
    const options = { permissionsBoundaryArn: boundary };
    expect(expectFlagged(iamEnvironmentRoleBounded, [role(serviceTrust)], "aws_iam_role.r", options)).toContain(
      `permissions_boundary is not set; the environment's is "${boundary}"`,
    );
    const other = "arn:aws:iam::123456789012:policy/acme-production-boundary";
    expect(expectFlagged(iamEnvironmentRoleBounded, [role(serviceTrust, { permissions_boundary: other })], "aws_iam_role.r", options)).toContain(
      `permissions_boundary is "${other}"`,
    );
    expect(expectFlagged(iamEnvironmentRoleBounded, [role(githubTrust, { permissions_boundary: boundary })], "aws_iam_role.r", options)).toContain(
      "trusts the identity provider",
    );
  });
});
