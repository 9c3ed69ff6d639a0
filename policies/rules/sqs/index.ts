import type { Rule } from "../../types";
import { sqsFailureQueuePreventDestroy } from "./sqs-failure-queue-prevent-destroy";
import { sqsQueueEncrypted } from "./sqs-queue-encrypted";
import { sqsQueueTlsOnly } from "./sqs-queue-tls-only";

export const SQS_RULES: readonly Rule[] = [sqsQueueEncrypted, sqsQueueTlsOnly, sqsFailureQueuePreventDestroy];
