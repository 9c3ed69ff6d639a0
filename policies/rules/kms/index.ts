import type { Rule } from "../../types";
import { kmsKeyRotation } from "./kms-key-rotation";
import { kmsNoPublicPrincipal } from "./kms-no-public-principal";

export const KMS_RULES: readonly Rule[] = [kmsKeyRotation, kmsNoPublicPrincipal];
