import type { Rule } from "../../types";
import { lambdaAsyncFailureDestination } from "./lambda-async-failure-destination";
import { lambdaNoSecretsInEnvironment } from "./lambda-no-secrets-in-environment";
import { lambdaOwnLogGroup } from "./lambda-own-log-group";
import { lambdaPermissionScoped } from "./lambda-permission-scoped";
import { lambdaRecursionTerminate } from "./lambda-recursion-terminate";

export const LAMBDA_RULES: readonly Rule[] = [
  lambdaNoSecretsInEnvironment,
  lambdaOwnLogGroup,
  lambdaAsyncFailureDestination,
  lambdaRecursionTerminate,
  lambdaPermissionScoped,
];
