import type { Rule } from "../../types";
import { backendStateEncryptedLocked } from "./backend-state-encrypted-locked";
import { dataPreventDestroy } from "./data-prevent-destroy";

export const DATA_RULES: readonly Rule[] = [dataPreventDestroy, backendStateEncryptedLocked];
