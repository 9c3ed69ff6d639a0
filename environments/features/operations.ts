import { Monitoring, monitoringPropProblems, MonitoringProps } from "../../modules/monitoring";
import type { Monitorable } from "../../modules/shared/monitorable";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output } from "./context";
import { configIssues, PropSources } from "./module-problems";

type MonitoringConfig = EnvironmentConfig["monitoring"];

function monitoringProps(context: EnvironmentSettings, monitoring: MonitoringConfig): MonitoringProps {
  return { name: context.namePrefix, region: context.region, accountId: context.accountId, ...monitoring, preventDestroy: context.protected };
}

const SOURCES: PropSources = {
  name: null,
  region: null,
  accountId: null,
  preventDestroy: "protected",
  alarmEmails: "monitoring.alarmEmails",
  api5xxPerMinute: "monitoring.api5xxPerMinute",
  apiLatencyP99Ms: "monitoring.apiLatencyP99Ms",
  serviceCpuPercent: "monitoring.serviceCpuPercent",
  serviceMemoryPercent: "monitoring.serviceMemoryPercent",
  databaseCpuPercent: "monitoring.databaseCpuPercent",
  databaseFreeStoragePercent: "monitoring.databaseFreeStoragePercent",
  databaseFreeMemoryPercent: "monitoring.databaseFreeMemoryPercent",
  databaseConnectionsPercent: "monitoring.databaseConnectionsPercent",
  functionErrorsPerMinute: "monitoring.functionErrorsPerMinute",
  functionThrottlesPerMinute: "monitoring.functionThrottlesPerMinute",
  functionDurationP99Percent: "monitoring.functionDurationP99Percent",
  functionConcurrencyPercent: "monitoring.functionConcurrencyPercent",
};

/** The monitoring module's problems with this config, under the config keys. */
export function checkOperations(context: EnvironmentSettings, monitoring: MonitoringConfig): ConfigIssue[] {
  return configIssues("Monitoring", "monitoring", SOURCES, monitoringPropProblems(monitoringProps(context, monitoring)));
}

/** Alarms to an encrypted topic and the environment's dashboard, watching every monitorable in the order given. */
export function addOperations(context: EnvironmentContext, monitoring: MonitoringConfig, watched: readonly Monitorable[]): Monitoring {
  const built = new Monitoring(context.scope, "Monitoring", monitoringProps(context, monitoring));
  for (const monitorable of watched) built.watch(monitorable);
  output(context, "alarm_topic_arn", built.topicArn, "Every alarm and recovery is published here");
  output(context, "dashboard_name", built.dashboardName, "The environment's CloudWatch dashboard");
  return built;
}
