import { hasText } from "../../json";
import { fail, pass, Rule } from "../../types";

/** A default root object, so a request for `/` does not go to the origin's root. */
export const cloudfrontDefaultRootObject: Rule = {
  id: "cloudfront-default-root-object",
  checkov: "CKV_AWS_305",
  level: "error",
  resourceTypes: ["aws_cloudfront_distribution"],
  summary: "CloudFront distribution without a default root object",
  why: "Without one a request for / is passed to the origin's root, which can list the bucket's contents or expose the origin's own default page.",
  check(distribution) {
    const value = distribution.values.default_root_object;
    if (hasText(value)) return pass();
    return fail(value === undefined ? "default_root_object is not set" : `default_root_object is ${JSON.stringify(value)}`);
  },
};
