import type { Rule } from "../../types";
import { s3BucketAbortMultipart } from "./s3-bucket-abort-multipart";
import { s3BucketEncryption } from "./s3-bucket-encryption";
import { s3BucketNoForceDestroy } from "./s3-bucket-no-force-destroy";
import { s3BucketNoPublicPrincipal } from "./s3-bucket-no-public-principal";
import { s3BucketOwnershipEnforced } from "./s3-bucket-ownership-enforced";
import { s3BucketTls12 } from "./s3-bucket-tls12";
import { s3BucketTlsOnly } from "./s3-bucket-tls-only";
import { s3BucketVersioning } from "./s3-bucket-versioning";
import { s3PublicAccessBlock } from "./s3-public-access-block";

export const S3_RULES: readonly Rule[] = [
  s3PublicAccessBlock,
  s3BucketEncryption,
  s3BucketVersioning,
  s3BucketTlsOnly,
  s3BucketTls12,
  s3BucketNoPublicPrincipal,
  s3BucketOwnershipEnforced,
  s3BucketAbortMultipart,
  s3BucketNoForceDestroy,
];
