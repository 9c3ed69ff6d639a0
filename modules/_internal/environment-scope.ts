import { PolicyStatement } from "./policy";

/** The tag the provider's `default_tags` sets on every resource of an environment. */
export const ENVIRONMENT_TAG = "Environment";

/**
 * The statements that keep a principal inside one environment: no action on a resource tagged
 * for another environment, and no resource created or tagged for another one. A resource without
 * the tag (or a service that does not evaluate resource tags) is not matched: those are scoped by
 * name where the caller's policies allow it.
 */
export function environmentScopeStatements(environment: string): PolicyStatement[] {
  return [
    {
      Sid: "DenyOtherEnvironmentsResources",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        StringNotEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: environment },
        Null: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: "false" },
      },
    },
    {
      Sid: "DenyOtherEnvironmentsTags",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        StringNotEquals: { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: environment },
        Null: { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: "false" },
      },
    },
  ];
}

