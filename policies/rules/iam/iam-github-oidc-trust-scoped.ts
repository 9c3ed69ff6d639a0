import { parsePolicyDocument, Statement, statementLabel } from "../../json";
import { fail, notApplicable, PolicyContext, Rule, verdictOf } from "../../types";

const GITHUB_ISSUER = "token.actions.githubusercontent.com";
const SCOPED_SUB = /^repo:[^/*?:]+\/[^/*?:]+:/;
const POSITIVE = ["StringEquals", "StringLike"];

/**
 * The issuer a Federated principal stands for, when it is GitHub Actions: the host (and path,
 * for a GitHub Enterprise issuer) after `oidc-provider/`, or the `url` of the referenced
 * `aws_iam_openid_connect_provider`.
 */
function githubIssuer(federated: string, context: PolicyContext): string | undefined {
  const provider = context.resolve(federated);
  const raw = provider?.type === "aws_iam_openid_connect_provider" ? String(provider.values.url ?? "") : federated;
  const issuer = raw.replace(/^.*oidc-provider\//, "").replace(/^https:\/\//, "").replace(/\/$/, "");
  return issuer.startsWith(GITHUB_ISSUER) ? issuer : undefined;
}

/** The values of a condition key under each of the given operators, one list per operator that names the key. */
function valuesByOperator(statement: Statement, key: string): string[][] {
  return POSITIVE.flatMap((op) =>
    Object.entries(statement.conditions[op] ?? {})
      .filter(([k]) => k.toLowerCase() === key.toLowerCase())
      .map(([, values]) => [...values]),
  );
}

/**
 * Every trust statement of a role that admits GitHub Actions through OIDC checks the token's
 * audience (`<issuer>:aud` equal to `sts.amazonaws.com`) and its subject (`<issuer>:sub`, under
 * StringEquals or StringLike, every value starting `repo:<owner>/<repo>:` with no wildcard in
 * owner or repo). Roles that do not trust GitHub Actions are not applicable.
 */
export const iamGithubOidcTrustScoped: Rule = {
  id: "iam-github-oidc-trust-scoped",
  checkov: "CKV_AWS_358",
  level: "error",
  resourceTypes: ["aws_iam_role"],
  summary: "IAM role trusts GitHub Actions OIDC without pinning the audience and the repository",
  why: "Without a sub condition naming one repository, any workflow of any GitHub repository (anyone's) can obtain a token and assume the role.",
  check(role, context) {
    const trust = parsePolicyDocument(role.values.assume_role_policy, "assume_role_policy");
    if (!trust.ok) return fail(trust.detail);
    const github = trust.value.flatMap((statement, i) => {
      if (statement.effect !== "Allow" || statement.principal === undefined || statement.principal === "*") return [];
      const issuers = (statement.principal.Federated ?? []).flatMap((f) => githubIssuer(f, context) ?? []);
      return issuers.map((issuer) => ({ statement, issuer, label: `assume_role_policy ${statementLabel(statement, i)}` }));
    });
    if (github.length === 0) return notApplicable("the role does not trust GitHub Actions");
    return verdictOf(
      github.flatMap(({ statement, issuer, label }) => {
        const problems: string[] = [];
        const aud = valuesByOperator(statement, `${issuer}:aud`);
        if (!aud.some((values) => values.length > 0 && values.every((v) => v === "sts.amazonaws.com"))) {
          problems.push(`${label} does not require ${issuer}:aud to be sts.amazonaws.com`);
        }
        const sub = valuesByOperator(statement, `${issuer}:sub`);
        if (!sub.some((values) => values.length > 0 && values.every((v) => SCOPED_SUB.test(v)))) {
          const found = sub.flat();
          problems.push(
            `${label} does not limit ${issuer}:sub to one repository ("repo:<owner>/<repo>:..."); found ${found.length === 0 ? "no StringEquals/StringLike condition" : JSON.stringify(found)}`,
          );
        }
        return problems;
      }),
    );
  },
};
