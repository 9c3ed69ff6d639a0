import type { Rule } from "../../types";
import { lambdaAsyncFailureDestination } from "./lambda-async-failure-destination";
import { lambdaEventSourceMappingBounded } from "./lambda-event-source-mapping-bounded";
import { lambdaEventSourceMappingItemFailures } from "./lambda-event-source-mapping-item-failures";
import { lambdaFunctionUrlAuth } from "./lambda-function-url-auth";
import { lambdaNoSecretsInEnvironment } from "./lambda-no-secrets-in-environment";
import { lambdaOwnLogGroup } from "./lambda-own-log-group";
import { lambdaPermissionScoped } from "./lambda-permission-scoped";
import { lambdaRecursionTerminate } from "./lambda-recursion-terminate";
import { lambdaTracing } from "./lambda-tracing";

export const LAMBDA_RULES: readonly Rule[] = [
  lambdaNoSecretsInEnvironment,
  lambdaOwnLogGroup,
  lambdaAsyncFailureDestination,
  lambdaRecursionTerminate,
  lambdaPermissionScoped,
  lambdaTracing,
  lambdaFunctionUrlAuth,
  lambdaEventSourceMappingBounded,
  lambdaEventSourceMappingItemFailures,
];
