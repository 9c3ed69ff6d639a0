import type { Rule } from "../../types";
import { ssmSecureString } from "./ssm-secure-string";

export const SSM_RULES: readonly Rule[] = [ssmSecureString];
