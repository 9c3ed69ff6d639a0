import { regionInfo } from "./regions";

// Region codes are checked against the list in ./regions (regionProblem), not by their shape.

/** An AWS account id: twelve digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/**
 * The AWS partition of a region: `aws`, `aws-cn` or `aws-us-gov`. A known region's comes from the
 * list in ./regions; any other string (an unresolved token) is placed by its prefix.
 */
export function partitionOf(region: string): string {
  const known = regionInfo(region);
  if (known !== undefined) return known.partition;
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** `arn:aws:ssm:eu-west-1:123456789012:parameter/acme/staging/secret-key` */
export const SSM_PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9_.\-/]+$/;

/**
 * `arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/db-AbCdEf`: the full ARN, with the
 * six characters AWS appends to the name (IAM matches only the full ARN), and no JSON key suffix.
 * The names AWS services create for themselves start with `<service>!` (`rds!db-<id>`, the
 * master password RDS manages).
 */
export const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:(?:[a-z]+!)?[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

/** A private ECR image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/name[:tag|@sha256:...]`. */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)(?::[A-Za-z0-9_.-]+|@sha256:[a-f0-9]{64})$/;

/** The repository ARN of a private ECR image URI, or undefined for an image elsewhere. */
export function ecrRepositoryArnOf(imageUri: string): string | undefined {
  const match = ECR_IMAGE.exec(imageUri);
  if (!match) return undefined;
  const [, account, region, repository] = match;
  return `arn:${partitionOf(region!)}:ecr:${region}:${account}:repository/${repository}`;
}
