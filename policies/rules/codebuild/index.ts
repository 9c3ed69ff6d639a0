import type { Rule } from "../../types";
import { codebuildLogs } from "./codebuild-logs";
import { codebuildNoPlaintextSecrets } from "./codebuild-no-plaintext-secrets";
import { codebuildNotPrivileged } from "./codebuild-not-privileged";

export const CODEBUILD_RULES: readonly Rule[] = [codebuildLogs, codebuildNotPrivileged, codebuildNoPlaintextSecrets];
