import { block, isTrue } from "../../json";
import { fail, pass, Rule } from "../../types";

/** The resource types whose destruction loses data. */
export const DATA_BEARING_TYPES = [
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_s3_bucket",
  "aws_ecr_repository",
  "aws_kms_key",
  "aws_dynamodb_table",
  "aws_cognito_user_pool",
  "aws_efs_file_system",
  "aws_secretsmanager_secret",
] as const;

export const dataPreventDestroy: Rule = {
  id: "data-prevent-destroy",
  level: "error",
  resourceTypes: DATA_BEARING_TYPES,
  protectedOnly: true,
  summary: "Data-bearing resource that Terraform may destroy",
  why: "A rename, a replacement or a mistaken destroy deletes the data with the resource; prevent_destroy makes Terraform stop the plan instead.",
  check(resource) {
    const preventDestroy = block(resource.values.lifecycle)?.prevent_destroy;
    if (isTrue(preventDestroy)) return pass();
    return fail(preventDestroy === undefined ? "lifecycle.prevent_destroy not set" : `lifecycle.prevent_destroy is ${JSON.stringify(preventDestroy)}`);
  },
};
