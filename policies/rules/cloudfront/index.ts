import type { Rule } from "../../types";
import { cloudfrontDefaultRootObject } from "./cloudfront-default-root-object";
import { cloudfrontHsts } from "./cloudfront-hsts";
import { cloudfrontHttpsOnly } from "./cloudfront-https-only";
import { cloudfrontS3OriginAccessControl } from "./cloudfront-s3-origin-access-control";
import { cloudfrontTls12 } from "./cloudfront-tls12";

export const CLOUDFRONT_RULES: readonly Rule[] = [
  cloudfrontHttpsOnly,
  cloudfrontTls12,
  cloudfrontS3OriginAccessControl,
  cloudfrontHsts,
  cloudfrontDefaultRootObject,
];
