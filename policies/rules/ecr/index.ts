import type { Rule } from "../../types";
import { ecrLifecyclePolicy } from "./ecr-lifecycle-policy";
import { ecrNoForceDelete } from "./ecr-no-force-delete";
import { ecrScanOnPush } from "./ecr-scan-on-push";

export const ECR_RULES: readonly Rule[] = [ecrScanOnPush, ecrLifecyclePolicy, ecrNoForceDelete];
