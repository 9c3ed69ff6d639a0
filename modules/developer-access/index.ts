export { DeveloperAccess, developerAccessPropProblems, namedArns, READ_ONLY_POLICY } from "./developer-access";
export type { AccessRequestRole, Developer, DeveloperAccessProps, DeveloperPolicies, DeveloperRole } from "./props";
export {
  ACCESS_REQUEST_MFA_SECONDS,
  ACCESS_REQUEST_SESSION_SECONDS,
  accessRequestRoleName,
  DEFAULT_ACCESS_REQUEST_ACTIONS,
  DEFAULT_PREVIEW_ACTIONS,
  DEFAULT_PREVIEW_CREATE_ACTIONS,
  developerRoleName,
} from "./validate";
