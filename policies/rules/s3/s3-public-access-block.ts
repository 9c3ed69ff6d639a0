import { fail, pass, Rule } from "../../types";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const s3PublicAccessBlock: Rule = {
  id: "s3-public-access-block",
  checkov: "CKV2_AWS_6",
  trivy: "AVD-AWS-0086",
  level: "error",
  resourceTypes: ["aws_s3_bucket"],
  summary: "S3 bucket without a public access block that sets all four flags",
  why: "Without all four flags one ACL or policy edit can make the bucket's objects public.",
  check(bucket, context) {
    const blocks = context.referrers("aws_s3_bucket_public_access_block", "bucket", bucket);
    if (blocks.length === 0) return fail("no aws_s3_bucket_public_access_block refers to the bucket");
    const off = FLAGS.filter((flag) => !blocks.some((b) => b.values[flag] === true));
    return off.length === 0 ? pass() : fail(`${off.join(", ")} not true`);
  },
};
