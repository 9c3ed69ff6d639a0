import type { Construct } from "constructs";
import { PropsValidator } from "../shared/errors";
import { type AlarmSpec, type AlarmThresholds, dimensionList, kebabCase, type MonitoringSpec } from "../shared/monitorable";

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** RDS PostgreSQL's default max_connections is LEAST(DBInstanceClassMemory / 9531392, 5000). */
const BYTES_PER_CONNECTION = 9531392;
/** The share of nominal memory RDS counts as DBInstanceClassMemory (the rest is the OS and RDS's own processes). */
const USABLE_MEMORY_SHARE = 0.75;

/**
 * The memory of an RDS instance class in GiB, for the alarm thresholds: burstable (t) classes
 * double from 1 GiB (micro), general purpose (m) have 4 GiB and memory optimized (r) 8 GiB per
 * vCPU. Undefined for a class the table does not know (metal, x2g).
 */
export function instanceClassMemoryGiB(instanceClass: string): number | undefined {
  const match = /^db\.([tmr])[0-9a-z]*\.(micro|small|medium|large|xlarge|(\d{1,2})xlarge)$/.exec(instanceClass);
  if (!match) return undefined;
  const [, family, size, multiple] = match;
  if (family === "t") return { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16 }[size as string] ?? Number(multiple) * 16;
  if (size === "micro" || size === "small" || size === "medium") return undefined;
  const vcpus = size === "large" ? 2 : size === "xlarge" ? 4 : Number(multiple) * 4;
  return vcpus * (family === "m" ? 4 : 8);
}

/**
 * RDS PostgreSQL's default `max_connections` for an instance with this much memory:
 * `LEAST(DBInstanceClassMemory / 9531392, 5000)`, DBInstanceClassMemory being about 75% of the
 * class's nominal memory.
 */
export function estimatedMaxConnections(memoryGiB: number): number {
  return Math.min(5000, Math.floor((memoryGiB * GIB * USABLE_MEMORY_SHARE) / BYTES_PER_CONNECTION));
}

/** What the database's alarms are worked out from. */
export interface DatabaseMonitoringFacts {
  /** The instance identifier: the metrics' `DBInstanceIdentifier`. */
  readonly identifier: string;
  readonly instanceClass: string;
  /** The storage allocated at creation, in GiB. */
  readonly allocatedStorageGiB: number;
}

/**
 * The database's alarms and dashboard row: CPU high for ten minutes; free storage and freeable
 * memory low; connections near the class's `max_connections`. Storage and memory thresholds
 * are worked out from the allocated storage and the instance class; a class whose memory
 * {@link instanceClassMemoryGiB} does not know is refused (a `PropsError` naming
 * `instanceClass`), since the memory and connection alarms would mean nothing.
 */
export function databaseMonitoringSpec(database: Construct, facts: DatabaseMonitoringFacts, t: AlarmThresholds): MonitoringSpec {
  const key = database.node.id;
  const memoryGiB = instanceClassMemoryGiB(facts.instanceClass);
  if (memoryGiB === undefined) {
    const v = new PropsValidator(database, "RdsPrivate");
    v.fail(
      "instanceClass",
      "must be a class whose memory the monitoring spec knows (db.t*, db.m*, db.r* sizes micro to 48xlarge) to set the memory and connection alarms' thresholds",
      facts.instanceClass,
    );
    v.throwIfInvalid();
  }
  const memoryBytes = (memoryGiB ?? 0) * GIB;
  const maxConnections = estimatedMaxConnections(memoryGiB ?? 0);
  const connections = Math.max(1, Math.floor((maxConnections * t.databaseConnectionsPercent) / 100));
  const freeStorageBytes = Math.round((facts.allocatedStorageGiB * GIB * t.databaseFreeStoragePercent) / 100);
  const freeMemoryBytes = Math.round((memoryBytes * t.databaseFreeMemoryPercent) / 100);
  const dimensions = { DBInstanceIdentifier: facts.identifier };
  const alarm = (
    id: string,
    metricName: string,
    threshold: number,
    comparison: AlarmSpec["comparison"],
    evaluationPeriods: number,
    description: string,
  ): AlarmSpec => ({
    id: `${key}${id}`,
    name: `${kebabCase(key)}-${kebabCase(id)}`,
    description,
    namespace: "AWS/RDS",
    metricName,
    dimensions,
    statistic: "Average",
    periodSeconds: 60,
    evaluationPeriods,
    threshold,
    comparison,
    treatMissingData: "notBreaching",
  });
  const graph = (title: string, metricName: string, stat: string) => ({
    title,
    metrics: [["AWS/RDS", metricName, ...dimensionList(dimensions), { stat }]],
  });
  return {
    title: `Database (${key})`,
    graphs: [
      graph("CPU (%)", "CPUUtilization", "Average"),
      graph("Connections", "DatabaseConnections", "Maximum"),
      graph("Free storage (bytes)", "FreeStorageSpace", "Minimum"),
      graph("Freeable memory (bytes)", "FreeableMemory", "Minimum"),
    ],
    alarms: [
      alarm(
        "CpuHigh",
        "CPUUtilization",
        t.databaseCpuPercent,
        "GreaterThanThreshold",
        10,
        `Database CPU stayed above ${t.databaseCpuPercent}% for ten minutes: look for slow queries in Performance Insights.`,
      ),
      alarm(
        "FreeStorageLow",
        "FreeStorageSpace",
        freeStorageBytes,
        "LessThanThreshold",
        5,
        `Free storage fell below ${formatBytes(freeStorageBytes)} (${t.databaseFreeStoragePercent}% of the ${facts.allocatedStorageGiB} GiB allocated at creation): storage autoscaling could not keep up or reached its maximum; raise maxAllocatedStorageGiB.`,
      ),
      alarm(
        "FreeMemoryLow",
        "FreeableMemory",
        freeMemoryBytes,
        "LessThanThreshold",
        5,
        `Freeable memory stayed below ${formatBytes(freeMemoryBytes)} (${t.databaseFreeMemoryPercent}% of ${facts.instanceClass}) for five minutes: the instance is about to swap; consider a larger class.`,
      ),
      alarm(
        "ConnectionsHigh",
        "DatabaseConnections",
        connections,
        "GreaterThanThreshold",
        5,
        `More than ${connections} connections (${t.databaseConnectionsPercent}% of about ${maxConnections} for ${facts.instanceClass}) for five minutes: look for connection leaks or add a pooler.`,
      ),
    ],
  };
}

function formatBytes(bytes: number): string {
  return bytes >= GIB ? `${(bytes / GIB).toFixed(1)} GiB` : `${Math.round(bytes / MIB)} MiB`;
}
