import type { Rule } from "../../types";
import { snsTopicEncrypted } from "./sns-topic-encrypted";

export const SNS_RULES: readonly Rule[] = [snsTopicEncrypted];
