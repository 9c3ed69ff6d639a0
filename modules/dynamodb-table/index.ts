export * from "./dynamodb-table";
export * from "./props";
export { STREAM_ITERATOR_AGE_ALARM_MS, tableMonitoringSpec, WATCHED_OPERATIONS } from "./monitoring";
export type { MonitoredTable } from "./monitoring";
export { READ_DATA_ACTIONS, WRITE_DATA_ACTIONS } from "./stream";
export {
  ATTRIBUTE_TYPES,
  dynamoDbTablePropProblems,
  MAX_FILTER_PATTERNS,
  MAX_GLOBAL_SECONDARY_INDEXES,
  MAX_PROJECTED_ATTRIBUTES,
  MAX_TABLE_ROLE_LENGTH,
  STREAM_VIEW_TYPES,
  TABLE_CLASSES,
} from "./validate";
