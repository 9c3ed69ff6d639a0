import { isExpression } from "../../json";

/** The database resources: RDS instances and Aurora clusters. */
export const DATABASES = ["aws_db_instance", "aws_rds_cluster"] as const;

/** The engine family that decides engine-specific settings. */
export type EngineFamily = "postgres" | "mysql" | "other";

/**
 * Classifies `engine`: PostgreSQL (RDS or Aurora), MySQL-compatible (MySQL, MariaDB, Aurora MySQL)
 * or other; `undefined` when the engine is missing (a replica, a restore) or an expression.
 */
export function engineFamily(engine: unknown): EngineFamily | undefined {
  if (typeof engine !== "string" || isExpression(engine)) return undefined;
  if (engine === "postgres" || engine === "aurora-postgresql") return "postgres";
  if (engine === "mysql" || engine === "mariadb" || engine === "aurora-mysql" || engine === "aurora") return "mysql";
  return "other";
}
