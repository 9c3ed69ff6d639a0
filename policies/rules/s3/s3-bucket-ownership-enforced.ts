import { block } from "../../json";
import { fail, pass, Rule } from "../../types";
import { settingsOf } from "./_shared";

/** Object ownership BucketOwnerEnforced: ACLs are off and the bucket owner owns every object. */
export const s3BucketOwnershipEnforced: Rule = {
  id: "s3-bucket-ownership-enforced",
  checkov: "CKV2_AWS_65",
  level: "error",
  resourceTypes: ["aws_s3_bucket"],
  summary: "S3 bucket without ownership controls set to BucketOwnerEnforced (ACLs still in effect)",
  why: "While ACLs are in effect an object ACL can grant access the bucket policy does not show, and objects written by other accounts stay theirs.",
  check(bucket, context) {
    const controls = settingsOf("aws_s3_bucket_ownership_controls", bucket, context);
    if (controls.length === 0) return fail("no aws_s3_bucket_ownership_controls refers to the bucket");
    const owners = controls.map((c) => ({ what: c.address, value: block(c.values.rule)?.object_ownership }));
    if (owners.some((o) => o.value === "BucketOwnerEnforced")) return pass();
    return fail(owners.map((o) => `${o.what} rule.object_ownership is ${o.value === undefined ? "missing" : JSON.stringify(o.value)}`).join("; "));
  },
};
