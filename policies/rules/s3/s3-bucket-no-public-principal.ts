import { hasCondition, isPublicPrincipal, statementLabel } from "../../json";
import { fail, pass, Rule } from "../../types";
import { bucketPolicies } from "./_shared";

/** No bucket policy statement allows anyone (`*`, or everyone but a NotPrincipal) without a condition. */
export const s3BucketNoPublicPrincipal: Rule = {
  id: "s3-bucket-no-public-principal",
  checkov: "CKV_AWS_70",
  level: "error",
  resourceTypes: ["aws_s3_bucket"],
  summary: "S3 bucket policy allows a public principal without a condition",
  why: "An Allow to principal \"*\" with no condition grants the actions to anyone on the internet, unless a public access block happens to stop it.",
  check(bucket, context) {
    const policies = bucketPolicies(bucket, context);
    if (!policies.ok) return fail(policies.detail);
    const problems = policies.value.flatMap((p) =>
      p.statements.flatMap((s, i) =>
        s.effect === "Allow" && (s.notPrincipal || isPublicPrincipal(s)) && !hasCondition(s)
          ? [`${p.what} ${statementLabel(s, i)} allows ${s.notPrincipal ? "everyone but its NotPrincipal" : 'principal "*"'} without a Condition`]
          : [],
      ),
    );
    return problems.length === 0 ? pass() : fail(problems.join("; "));
  },
};
