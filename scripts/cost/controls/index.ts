/** Controls the stacks do not use (`npm run cost -- <environment> --controls`), each priced on its own. */
import { DEFAULT_PRICES } from "../prices";
import { Context } from "../context";
import type { ControlsEstimate, ControlsOptions, PriceData, SynthesizedStack, Usage } from "../types";
import { accessLogsControl, replicationControl } from "./buckets";
import { enhancedMonitoringControl } from "./database";
import { certificateControl, originFailoverControl, wafApiControl, wafDistributionControl } from "./edge";
import { kmsControl } from "./keys";

/**
 * What each security control the stacks do not use would cost a month in `region`: AWS WAF on
 * the distribution and (through it) on the HTTP API, customer-managed KMS keys, S3 server access
 * logs, cross-region replication, RDS Enhanced Monitoring, CloudFront origin failover and a custom
 * domain certificate. Priced from the same price data and usage settings as `estimateCost`;
 * each line is the control on its own, added to the stack as it is (the lines overlap: origin
 * failover needs the replicas that cross-region replication creates).
 */
export function estimateControls(stack: SynthesizedStack, usage: Usage, region: string, options: ControlsOptions, prices: PriceData = DEFAULT_PRICES): ControlsEstimate {
  const ctx = new Context(stack, usage, region, prices);
  const lines = [
    wafDistributionControl(ctx),
    wafApiControl(ctx),
    kmsControl(ctx),
    accessLogsControl(ctx, options.logRetentionDays),
    replicationControl(ctx),
    enhancedMonitoringControl(ctx),
    originFailoverControl(ctx),
    certificateControl(ctx),
  ];
  return { region, lines, pricesRead: ctx.pricesRead() };
}
