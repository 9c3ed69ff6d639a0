/** RDS Enhanced Monitoring: only a unit price, since AWS gives no volume per instance. */
import { CONTROL_ASSUMPTIONS } from "../assumptions";
import type { Context } from "../context";
import { formatUnitPrice } from "../format";
import type { ControlLine } from "../types";
import { controlNote, NO_SWITCH } from "./lines";

export function enhancedMonitoringControl(ctx: Context): ControlLine {
  const control = `RDS Enhanced Monitoring (${CONTROL_ASSUMPTIONS.enhancedMonitoringIntervalSeconds} s)`;
  const databases = ctx.of("aws_db_instance");
  if (databases.length === 0) return controlNote(control, "not applicable", "the stack has no RDS instance");
  const wanted = databases.filter(([, db]) => !(typeof db.monitoring_interval === "number" && db.monitoring_interval > 0));
  if (wanted.length === 0) return controlNote(control, "in use", "every RDS instance has a monitoring_interval");
  const ingest = ctx.price("logs-ingest-gb");
  const storage = ctx.price("logs-storage-gb-month");
  const multiAz = wanted.filter(([, db]) => db.multi_az === true).length;
  const instances = `${wanted.length} instance(s)${multiAz > 0 ? `, ${multiAz} Multi-AZ (its standby reports OS metrics too)` : ""}`;
  if (ingest === undefined || storage === undefined) {
    const missing = [...(ingest === undefined ? ["logs-ingest-gb"] : []), ...(storage === undefined ? ["logs-storage-gb-month"] : [])];
    return { control, status: "not priced", monthly: 0, description: `${instances}: no price for ${missing.join(", ")} in ${ctx.region} (add it to scripts/cost/prices.json)`, plus: [], configSwitch: NO_SWITCH };
  }
  ctx.used.add(ingest);
  ctx.used.add(storage);
  const months = CONTROL_ASSUMPTIONS.enhancedMonitoringRetentionDays / (365 / 12);
  const perGb = ingest.usd + storage.usd * months;
  return {
    control,
    status: "unit price only",
    monthly: 0,
    description:
      `${formatUnitPrice(Number(perGb.toPrecision(4)))} per GB of RDSOSMetrics (${formatUnitPrice(ingest.usd)} ingested + ${formatUnitPrice(storage.usd)} a GB-month for the ${CONTROL_ASSUMPTIONS.enhancedMonitoringRetentionDays} days CloudWatch Logs keeps it by default), ${instances}; ` +
      "AWS gives no volume per instance (it grows with a shorter interval and with the instance's process activity): read the log group's IncomingBytes after a day",
    plus: [],
    configSwitch: NO_SWITCH,
  };
}
