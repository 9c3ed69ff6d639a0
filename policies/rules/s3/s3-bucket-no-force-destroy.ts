import { expectFlag } from "../../json";
import { Rule } from "../../types";

/** `force_destroy` off, so Terraform cannot delete a bucket that still holds objects. */
export const s3BucketNoForceDestroy: Rule = {
  id: "s3-bucket-no-force-destroy",
  level: "error",
  resourceTypes: ["aws_s3_bucket"],
  protectedOnly: true,
  summary: "S3 bucket with force_destroy in a protected environment",
  why: "With force_destroy a destroy or replacement of the bucket deletes every object and version in it without a further prompt.",
  check(bucket) {
    return expectFlag(bucket, "force_destroy", false, false);
  },
};
