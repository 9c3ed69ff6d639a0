import type { Rule } from "../../types";
import { cognitoClientNoImplicitFlow } from "./cognito-client-no-implicit-flow";
import { cognitoDeletionProtection } from "./cognito-deletion-protection";
import { cognitoMfaEnabled } from "./cognito-mfa-enabled";
import { cognitoPasswordPolicy } from "./cognito-password-policy";

export const COGNITO_RULES: readonly Rule[] = [cognitoMfaEnabled, cognitoPasswordPolicy, cognitoClientNoImplicitFlow, cognitoDeletionProtection];
