import type { Rule } from "../../types";
import { logsRetention } from "./logs-retention";

export const LOGS_RULES: readonly Rule[] = [logsRetention];
