/** Prices of the database: RDS instances (with their managed secret), RDS Proxy, and Secrets Manager secrets. */
import { referencedName, stringOf } from "../../../inspect";
import { HOURS_PER_MONTH } from "../assumptions";
import { address, Context, Line, PriceRule } from "../context";
import type { TerraformResource } from "../types";

function dbInstanceLines(ctx: Context, name: string, db: TerraformResource): Line[] {
  const at = address("aws_db_instance", name);
  const engine = stringOf(db.engine) ?? "?";
  const instanceClass = stringOf(db.instance_class) ?? "?";
  const multiAz = db.multi_az === true;
  const az = multiAz ? "multi-az" : "single-az";
  const storageType = stringOf(db.storage_type) ?? "gp2";
  if (typeof db.allocated_storage !== "number") {
    return [ctx.notPriced(at, "aws_db_instance", `RDS ${engine} ${instanceClass}: allocated_storage is not a number at synth (${JSON.stringify(db.allocated_storage)})`)];
  }
  const storage = db.allocated_storage;
  const copies = multiAz ? 2 : 1;
  const lines = [
    ctx.line(at, "aws_db_instance", `RDS ${engine} ${instanceClass}, ${multiAz ? "Multi-AZ (a standby in a second AZ)" : "single-AZ"}, ${storage} GB ${storageType}${multiAz ? " stored twice" : ""}; backups free up to the storage size`, [
      { key: `rds-${engine}-${instanceClass}-${az}-hour`, quantity: HOURS_PER_MONTH, what: "h" },
      { key: `rds-${storageType}-gb-month`, quantity: storage * copies, what: "GB-month" },
    ]),
  ];
  const insightsRetention = typeof db.performance_insights_retention_period === "number" ? db.performance_insights_retention_period : 7;
  if (db.performance_insights_enabled === true && insightsRetention > 7) {
    lines.push(ctx.notPriced(at, "aws_db_instance", `Performance Insights with ${insightsRetention} days of retention (7 days are free)`));
  }
  if (db.manage_master_user_password === true) {
    lines.push(
      ctx.line(at, "aws_db_instance", "Secrets Manager: the RDS-managed master password secret", [
        { key: "secretsmanager-secret-month", quantity: 1, what: "secret-month" },
      ]),
    );
  }
  return lines;
}

/** RDS Proxy bills at least this many vCPUs for each DB instance it fronts. */
export const RDS_PROXY_MINIMUM_VCPUS = 2;

/**
 * The vCPUs of a DB instance class, from its size: `large` and smaller 2 (or 1, for the smallest
 * burstable classes: below the proxy's minimum either way), `xlarge` 4, `<n>xlarge` 4 × n, as in
 * the RDS instance class tables for the t, m, r and c families. Undefined for other sizes (`metal`).
 */
export function instanceClassVcpus(instanceClass: string): number | undefined {
  const size = /^db\.[a-z0-9-]+\.(.+)$/.exec(instanceClass)?.[1];
  if (size === undefined) return undefined;
  if (["micro", "small", "medium", "large"].includes(size)) return 2;
  if (size === "xlarge") return 4;
  const n = /^(\d+)xlarge$/.exec(size)?.[1];
  return n === undefined ? undefined : 4 * Number(n);
}

/** An RDS Proxy: the vCPUs of the DB instances it targets (aws_db_proxy_target), 2 at least each, every hour. */
function dbProxyLines(ctx: Context, name: string, proxy: TerraformResource): Line[] {
  const at = address("aws_db_proxy", name);
  const targets = ctx.of("aws_db_proxy_target").filter(([, t]) => referencedName(t.db_proxy_name, "aws_db_proxy") === name || (proxy.name !== undefined && t.db_proxy_name === proxy.name));
  if (targets.length === 0) return [ctx.notPriced(at, "aws_db_proxy", "RDS Proxy: no aws_db_proxy_target in the stack names its DB instance, whose vCPUs it is billed by")];
  if (targets.some(([, t]) => t.db_cluster_identifier !== undefined)) {
    return [ctx.notPriced(at, "aws_db_proxy", "RDS Proxy in front of an Aurora cluster: billed by the cluster's instances (or its Serverless v2 capacity), not priced")];
  }
  let vcpus = 0;
  const classes: string[] = [];
  for (const [, target] of targets) {
    const instanceName = referencedName(target.db_instance_identifier, "aws_db_instance");
    const instance =
      instanceName === undefined ? ctx.of("aws_db_instance").find(([, db]) => db.identifier !== undefined && db.identifier === target.db_instance_identifier)?.[1] : ctx.get("aws_db_instance", instanceName);
    const instanceClass = stringOf(instance?.instance_class);
    const count = instanceClass === undefined ? undefined : instanceClassVcpus(instanceClass);
    if (instanceClass === undefined || count === undefined) {
      return [ctx.notPriced(at, "aws_db_proxy", `RDS Proxy: the vCPUs of its target ${instanceClass ?? "(a DB instance not in the stack, or a class from a variable)"} are not known`)];
    }
    vcpus += Math.max(count, RDS_PROXY_MINIMUM_VCPUS);
    classes.push(`${instanceClass} (${count} vCPUs)`);
  }
  return [
    ctx.line(at, "aws_db_proxy", `RDS Proxy in front of ${classes.join(", ")}, billed for ${RDS_PROXY_MINIMUM_VCPUS} vCPUs at least per instance`, [
      { key: "rds-proxy-vcpu-hour", quantity: vcpus * HOURS_PER_MONTH, what: "vCPU-h" },
    ]),
  ];
}

export const DATABASE_RULES: Readonly<Record<string, PriceRule>> = {
  aws_db_instance: (ctx, name, db) => dbInstanceLines(ctx, name, db),

  aws_db_proxy: (ctx, name, proxy) => dbProxyLines(ctx, name, proxy),

  aws_secretsmanager_secret: (ctx, name) => [
    ctx.line(address("aws_secretsmanager_secret", name), "aws_secretsmanager_secret", "Secrets Manager secret", [
      { key: "secretsmanager-secret-month", quantity: 1, what: "secret-month" },
    ]),
  ],
};
