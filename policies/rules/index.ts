import type { Rule } from "../types";
import { API_RULES } from "./api";
import { CLOUDFRONT_RULES } from "./cloudfront";
import { CODEBUILD_RULES } from "./codebuild";
import { COGNITO_RULES } from "./cognito";
import { DATA_RULES } from "./data";
import { DYNAMODB_RULES } from "./dynamodb";
import { ECR_RULES } from "./ecr";
import { ECS_RULES } from "./ecs";
import { ELB_RULES } from "./elb";
import { IAM_RULES } from "./iam";
import { KMS_RULES } from "./kms";
import { LAMBDA_RULES } from "./lambda";
import { LOGS_RULES } from "./logs";
import { NETWORK_RULES } from "./network";
import { RDS_RULES } from "./rds";
import { S3_RULES } from "./s3";
import { SNS_RULES } from "./sns";
import { SQS_RULES } from "./sqs";
import { SSM_RULES } from "./ssm";

/** Every rule of the pack, grouped by service. */
export const ALL_RULES: readonly Rule[] = [
  ...S3_RULES,
  ...CLOUDFRONT_RULES,
  ...ELB_RULES,
  ...NETWORK_RULES,
  ...ECS_RULES,
  ...ECR_RULES,
  ...RDS_RULES,
  ...API_RULES,
  ...LOGS_RULES,
  ...IAM_RULES,
  ...KMS_RULES,
  ...CODEBUILD_RULES,
  ...SNS_RULES,
  ...SSM_RULES,
  ...LAMBDA_RULES,
  ...SQS_RULES,
  ...COGNITO_RULES,
  ...DYNAMODB_RULES,
  ...DATA_RULES,
];

/** A rule by its id. */
export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
