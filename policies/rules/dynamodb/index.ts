import type { Rule } from "../../types";
import { dynamodbDeletionProtection } from "./dynamodb-deletion-protection";
import { dynamodbPitr } from "./dynamodb-pitr";

export const DYNAMODB_RULES: readonly Rule[] = [dynamodbPitr, dynamodbDeletionProtection];
