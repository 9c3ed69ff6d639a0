import { admitsAnyone, anyoneLabel, hasCondition, statementLabel } from "../../json";
import { fail, Rule, verdictOf } from "../../types";
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
    return verdictOf(
      policies.value.flatMap((p) =>
        p.statements.flatMap((s, i) =>
          s.effect === "Allow" && admitsAnyone(s) && !hasCondition(s) ? [`${p.what} ${statementLabel(s, i)} allows ${anyoneLabel(s)} without a Condition`] : [],
        ),
      ),
    );
  },
};
