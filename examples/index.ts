import { albFargate } from "./alb-fargate";
import { djangoLambda } from "./django-lambda";
import { fargateCognitoUploads } from "./fargate-cognito-uploads";
import { serverlessDynamodb } from "./serverless-dynamodb";
import type { ExampleSystem } from "./system";

export { buildExample, exampleStackName } from "./system";
export type { BuildExampleOptions, ExampleSystem } from "./system";

/** Every example system, in planning-document order. */
export const EXAMPLES: readonly ExampleSystem[] = [djangoLambda, albFargate, fargateCognitoUploads, serverlessDynamodb];
