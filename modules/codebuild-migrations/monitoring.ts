import type { IConstruct } from "constructs";
import { kebabCase, type MonitoringSpec } from "../shared/monitorable";
import { codebuildMetric, failedBuildAlarm } from "../_internal/pipeline";

/**
 * The migrations' alarm and dashboard row: any failed build of the project in five minutes, and
 * graphs of builds and their duration. No threshold applies: one failed migration is one too many.
 */
export function migrationsMonitoringSpec(migrations: IConstruct, projectName: string): MonitoringSpec {
  const key = migrations.node.id;
  return {
    title: `Migrations (${key})`,
    graphs: [
      { title: "Builds", metrics: [codebuildMetric(projectName, "SucceededBuilds", "Sum"), codebuildMetric(projectName, "FailedBuilds", "Sum")] },
      { title: "Duration (s)", metrics: [codebuildMetric(projectName, "Duration", "Maximum")] },
    ],
    alarms: [
      failedBuildAlarm({
        id: `${key}BuildFailed`,
        name: `${kebabCase(key)}-build-failed`,
        description: "A database migration build failed: read the build log before deploying again.",
        projectName,
      }),
    ],
  };
}
