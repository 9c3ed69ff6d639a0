import type { Rule } from "../../types";
import { elbAccessLogs } from "./elb-access-logs";
import { elbDeletionProtection } from "./elb-deletion-protection";
import { elbDesyncMitigation } from "./elb-desync-mitigation";
import { elbDropInvalidHeaders } from "./elb-drop-invalid-headers";
import { elbHttpRedirectsOnly } from "./elb-http-redirects-only";
import { elbHttpsListenerTlsPolicy } from "./elb-https-listener-tls-policy";

export const ELB_RULES: readonly Rule[] = [
  elbHttpsListenerTlsPolicy,
  elbHttpRedirectsOnly,
  elbDropInvalidHeaders,
  elbDesyncMitigation,
  elbAccessLogs,
  elbDeletionProtection,
];
