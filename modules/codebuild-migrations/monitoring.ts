import type { IConstruct } from "constructs";
import { dimensionList, kebabCase, type MonitoringSpec } from "../shared/monitorable";

/**
 * The migrations' alarm and dashboard row: any failed build of the project in five minutes, and
 * graphs of builds and their duration. No threshold applies: one failed migration is one too many.
 */
export function migrationsMonitoringSpec(migrations: IConstruct, projectName: string): MonitoringSpec {
  const key = migrations.node.id;
  const dimensions = { ProjectName: projectName };
  const metric = (metricName: string, stat: string) => ["AWS/CodeBuild", metricName, ...dimensionList(dimensions), { stat }];
  return {
    title: `Migrations (${key})`,
    graphs: [
      { title: "Builds", metrics: [metric("SucceededBuilds", "Sum"), metric("FailedBuilds", "Sum")] },
      { title: "Duration (s)", metrics: [metric("Duration", "Maximum")] },
    ],
    alarms: [
      {
        id: `${key}BuildFailed`,
        name: `${kebabCase(key)}-build-failed`,
        description: "A database migration build failed: read the build log before deploying again.",
        namespace: "AWS/CodeBuild",
        metricName: "FailedBuilds",
        dimensions,
        statistic: "Sum",
        periodSeconds: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      },
    ],
  };
}
