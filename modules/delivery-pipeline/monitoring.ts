import type { IConstruct } from "constructs";
import { kebabCase, type MonitoringSpec } from "../shared/monitorable";
import { codebuildMetric, failedBuildAlarm } from "../_internal/pipeline";

const WHAT: Readonly<Record<string, string>> = {
  build: "The delivery's build failed (the site or the function's package): nothing was migrated or deployed. Read the build log.",
  image: "The delivery's image build failed (the service's Dockerfile, or the push to its repository): the service was not deployed and keeps its running image. Read the build log.",
  migrate: "The delivery's database migration failed: the new code was not deployed. Read the build log before running the pipeline again.",
  deploy: "The delivery's deploy failed: the function's alias or the site may still serve the previous release. Read the build log.",
};

/**
 * The delivery pipeline's alarms and dashboard row: any failed build of each stage's project in
 * five minutes (no threshold applies), and graphs of the builds and their duration.
 */
export function deliveryMonitoringSpec(delivery: IConstruct, projects: readonly { readonly stage: string; readonly projectName: string }[]): MonitoringSpec {
  const key = delivery.node.id;
  const stageKey = (stage: string) => `${stage.charAt(0).toUpperCase()}${stage.slice(1)}`;
  return {
    title: `Delivery (${key})`,
    graphs: [
      {
        title: "Builds",
        metrics: projects.flatMap((p) => [codebuildMetric(p.projectName, "SucceededBuilds", "Sum"), codebuildMetric(p.projectName, "FailedBuilds", "Sum")]),
      },
      { title: "Duration (s)", metrics: projects.map((p) => codebuildMetric(p.projectName, "Duration", "Maximum")) },
    ],
    alarms: projects.map((p) =>
      failedBuildAlarm({
        id: `${key}${stageKey(p.stage)}Failed`,
        name: `${kebabCase(key)}-${p.stage}-failed`,
        description: WHAT[p.stage] ?? `A ${p.stage} build of the delivery failed: read the build log.`,
        projectName: p.projectName,
      }),
    ),
  };
}
