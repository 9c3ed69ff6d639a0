/**
 * Prices of sign-in: Cognito user pools, by monthly active users at the pool's feature plan
 * (`user_pool_tier`: LITE, ESSENTIALS or PLUS; a pool that sets none is on Essentials, the plan
 * AWS gives new user pools). App clients and domains are free (`free.ts`); the functions a pool
 * triggers are priced on the function (`functions.ts`).
 */
import { block, literal, stringOf } from "../../../inspect";
import { usageSetting } from "../assumptions";
import { address, Line, PriceRule } from "../context";
import { formatQuantity } from "../format";
import type { TerraformResource } from "../types";

/** The feature plans, as `user_pool_tier` names them, with the free tier each has. */
export const USER_POOL_TIERS: Readonly<Record<string, { readonly key: string; readonly freeTier: string }>> = {
  LITE: { key: "cognito-lite-mau", freeTier: "before the 10,000 MAU free a month on Lite and Essentials, which AWS applies per account (not per pool or environment)" },
  ESSENTIALS: { key: "cognito-essentials-mau", freeTier: "before the 10,000 MAU free a month on Lite and Essentials, which AWS applies per account (not per pool or environment)" },
  PLUS: { key: "cognito-plus-mau", freeTier: "Plus has no free tier" },
};

/** The plan a pool's `user_pool_tier` gives: ESSENTIALS when it is not set. */
export function userPoolTier(pool: TerraformResource): { tier: string; assumed: boolean } {
  const tier = stringOf(pool.user_pool_tier);
  return tier === undefined ? { tier: "ESSENTIALS", assumed: true } : { tier, assumed: false };
}

export const AUTH_RULES: Readonly<Record<string, PriceRule>> = {
  aws_cognito_user_pool: (ctx, name, pool): Line[] => {
    const at = address("aws_cognito_user_pool", name);
    const { tier, assumed } = userPoolTier(pool);
    const plan = USER_POOL_TIERS[tier];
    if (plan === undefined) return [ctx.notPriced(at, "aws_cognito_user_pool", `Cognito user pool, user_pool_tier ${JSON.stringify(pool.user_pool_tier)}: only LITE, ESSENTIALS and PLUS are priced`)];
    const pools = ctx.of("aws_cognito_user_pool").length;
    const mau = usageSetting(ctx.usage, "monthlyActiveUsers");
    const users = mau.value / pools;
    const lines = [
      ctx.line(
        at,
        "aws_cognito_user_pool",
        `Cognito user pool, ${tier} plan${assumed ? " (user_pool_tier not set: Essentials, the default for new user pools)" : ""}: ${formatQuantity(users)} monthly active users (${mau.source}${pools > 1 ? `, shared by ${pools} pools` : ""}); ${plan.freeTier}`,
        [{ key: plan.key, quantity: users, what: "MAU" }],
      ),
    ];
    const security = literal(block(pool.user_pool_add_ons)?.advanced_security_mode);
    if (tier !== "PLUS" && (security === "AUDIT" || security === "ENFORCED")) {
      lines.push(ctx.notPriced(at, "aws_cognito_user_pool", `Cognito advanced security (${security}) outside the Plus plan: billed per MAU at the legacy advanced security rates, not priced`));
    }
    return lines;
  },
};
