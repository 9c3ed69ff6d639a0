import { isExpression } from "../../json";

/** The user pool resource the cognito rules judge. */
export const USER_POOLS = ["aws_cognito_user_pool"] as const;

/** A string attribute's value for messages: the literal, or `an expression` when it is one. */
export function shown(value: unknown): string {
  return isExpression(value) ? `${JSON.stringify(value)}, an expression the pack cannot read at synth` : JSON.stringify(value);
}
