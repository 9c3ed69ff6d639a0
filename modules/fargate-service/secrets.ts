import { SECRETS_MANAGER_ARN, SSM_PARAMETER_ARN } from "../shared/arn";

/**
 * Where a container secret comes from. Never the secret itself: ECS reads it at task start and
 * hands it to the container as an environment variable.
 * - `{ parameterArn }`: an SSM Parameter Store parameter (SecureString for secrets).
 * - `{ secretArn, jsonKey? }`: a Secrets Manager secret, or one key of its JSON value.
 */
export type ContainerSecret = { readonly parameterArn: string } | { readonly secretArn: string; readonly jsonKey?: string };

/** A JSON key ECS can read out of a Secrets Manager secret's value. */
export const JSON_KEY = /^[A-Za-z0-9_.-]+$/;

/**
 * Reads a secret reference written as one ARN string (as configs hold them): an SSM parameter
 * ARN, or a Secrets Manager secret ARN optionally followed by `:<json key>::`. Returns undefined
 * for anything else, including a value that may be the secret itself.
 */
export function containerSecretFromArn(arn: string): ContainerSecret | undefined {
  if (SSM_PARAMETER_ARN.test(arn)) return { parameterArn: arn };
  const parts = arn.split(":");
  const secretArn = parts.slice(0, 7).join(":");
  if (!SECRETS_MANAGER_ARN.test(secretArn)) return undefined;
  if (parts.length === 7) return { secretArn };
  const [jsonKey = "", versionStage = "", versionId = "", ...rest] = parts.slice(7);
  if (rest.length > 0 || versionStage !== "" || versionId !== "" || !JSON_KEY.test(jsonKey)) return undefined;
  return { secretArn, jsonKey };
}

/** The ARN (with JSON key) ECS reads a secret from: a container definition's `valueFrom`. */
export function valueFromOf(secret: ContainerSecret): string {
  if ("parameterArn" in secret) return secret.parameterArn;
  return secret.jsonKey === undefined ? secret.secretArn : `${secret.secretArn}:${secret.jsonKey}::`;
}
