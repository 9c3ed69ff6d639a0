import type { Usage } from "../../scripts/cost/types";

/** A month of no traffic: the cost estimate's fixed costs only (hours, storage minimums, alarms). */
export const NO_USAGE: Usage = {
  apiRequestsPerMonth: 0,
  siteRequestsPerMonth: 0,
  siteDataOutGiBPerMonth: 0,
  apiDataOutGiBPerMonth: 0,
  natDataGiBPerMonth: 0,
  logIngestGiBPerMonth: 0,
  buildMinutesPerMonth: 0,
  mediaStorageGiB: 0,
  siteStorageGiB: 0,
  imageStorageGiB: 0,
  extraTasksAverage: 0,
  functionAverageDurationMs: 0,
  deliveryRunsPerMonth: 0,
};
