/** Prices of the database: RDS instances (with their managed secret) and Secrets Manager secrets. */
import { stringOf } from "../../../inspect";
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

export const DATABASE_RULES: Readonly<Record<string, PriceRule>> = {
  aws_db_instance: (ctx, name, db) => dbInstanceLines(ctx, name, db),

  aws_secretsmanager_secret: (ctx, name) => [
    ctx.line(address("aws_secretsmanager_secret", name), "aws_secretsmanager_secret", "Secrets Manager secret", [
      { key: "secretsmanager-secret-month", quantity: 1, what: "secret-month" },
    ]),
  ],
};
