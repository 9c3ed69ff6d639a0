/**
 * The fixed figures the estimate uses that neither the synthesized JSON nor the usage settings
 * give, each documented (see PRICES.md).
 */

import type { EventUsage, Usage } from "./types";

/** Hours in a month, for everything billed by the hour. */
export const HOURS_PER_MONTH = 730;

/**
 * Figures the synthesized JSON and the usage settings do not give, used as stated. Each is a
 * deliberate, documented guess; change the usage settings rather than these where you can.
 */
export const ASSUMPTIONS = {
  /**
   * Root volume of an EC2 instance whose launch template or block device mappings give no size:
   * the 8 GiB of the Amazon Linux 2023 AMIs the NAT instance boots.
   */
  defaultRootVolumeGiB: 8,
  /** Share of site requests CloudFront forwards to S3 (cache misses): each is one S3 GET. */
  siteCacheMissRatio: 0.1,
  /** PUT, COPY, POST and LIST requests a month to each bucket (deploys, uploads, artifacts, state). */
  putRequestsPerBucketPerMonth: 1_000,
  /**
   * Storage of buckets other than the site's and the media bucket (pipeline artifacts, access
   * logs, Terraform state), in GiB each.
   */
  otherBucketStorageGiB: 1,
  /** Months a log group that never expires is assumed to hold (for its storage). */
  unexpiringLogRetentionMonths: 12,
  /** Data through each interface endpoint a month, in GiB (AWS API calls are small). */
  interfaceEndpointGiBPerMonth: 1,
  /**
   * Minutes of one migration run, to count pipeline runs from the build minutes: each run adds
   * about one action-minute for its source action to the build minutes.
   */
  buildMinutesPerRun: 5,
  /**
   * Minutes one CodeBuild action of a delivery pipeline's run takes, provisioning included (the
   * build installs and bundles the app and the site, the migration runs in the VPC, the deploy
   * updates the function and syncs the site): about 3 each. The delivery pipeline's projects and
   * its CodePipeline action minutes are `usage.deliveryRunsPerMonth` runs of this.
   */
  deliveryMinutesPerAction: 3,
  /**
   * Container Insights (standard, `enabled`) metrics, charged as custom metrics: about 13 per
   * cluster, 14 per service and 11 per task-definition family (the metric names in the
   * Container Insights ECS reference, counted by dimension). A rough count: check the bill.
   */
  containerInsightsMetrics: { perCluster: 13, perService: 14, perTaskFamily: 11 },
  /** Availability zones the default architecture spans when the stack's subnets name none. */
  defaultAvailabilityZones: 2,
  /**
   * Average duration of one invocation of a function an event triggers, in milliseconds, by what
   * triggers it (the API's function takes `usage.functionAverageDurationMs`):
   * - `s3`: an object-created notification of an uploads bucket: the function fetches the upload,
   *   resizes an image of a few MB and writes the thumbnail, about a second at 1 GB of memory;
   * - `dynamodbStream`: a batch of stream records (one at this traffic), a few writes or a call out;
   * - `cognito`: a Cognito trigger (post-confirmation: a row for the new user), a short call.
   */
  eventFunctionDurationMs: { s3: 1_000, dynamodbStream: 200, cognito: 200 },
} as const;

/**
 * The defaults of the {@link EventUsage} settings, for an environment that does not set them: a
 * small product in its first months, the scale the default usage settings describe (1M API
 * requests, 2M site requests a month).
 * - 1,000 monthly active users: about one user in 30 of the site's 30,000-odd visits a month signs
 *   in; 100 sign-ups (a tenth of them new).
 * - DynamoDB: 1M reads and 200,000 writes a month (about one read per API request, one write in
 *   five), 1 GiB kept.
 * - Uploads: 1,000 files a month (one per active user), 1 GiB of raw uploads kept (they are
 *   processed at once and may expire), 2 GiB of processed files; the assets distribution serves
 *   100,000 requests and 5 GiB a month (thumbnails of ~50 KB).
 */
export const USAGE_DEFAULTS: EventUsage = {
  monthlyActiveUsers: 1_000,
  signUpsPerMonth: 100,
  dynamodbReadsPerMonth: 1_000_000,
  dynamodbWritesPerMonth: 200_000,
  dynamodbStorageGiB: 1,
  uploadsPerMonth: 1_000,
  uploadStorageGiB: 1,
  assetsStorageGiB: 2,
  assetsRequestsPerMonth: 100_000,
  assetsDataOutGiBPerMonth: 5,
};

/**
 * An {@link EventUsage} setting: the environment's value, or the default when it sets none; and how
 * the line names it (`usage.uploadsPerMonth`, or `usage.uploadsPerMonth, unset: default 1,000`).
 */
export function usageSetting(usage: Usage, key: keyof EventUsage): { value: number; source: string } {
  const value = usage[key];
  if (typeof value === "number") return { value, source: `usage.${key}` };
  return { value: USAGE_DEFAULTS[key], source: `usage.${key}, unset: default ${USAGE_DEFAULTS[key].toLocaleString("en-US")}` };
}

/**
 * The figures the controls' estimate uses that neither the stack nor the usage settings give,
 * each with where it comes from (see PRICES.md, "Controls the stacks do not use").
 */
export const CONTROL_ASSUMPTIONS = {
  /**
   * The AWS managed rule groups of the priced web ACL. Each rule group is billed as one rule;
   * these baseline and IP reputation groups carry no subscription or per-request fee of their own,
   * and take 700 + 200 + 25 WCU, within the 1,500 the web ACL's base price covers.
   */
  wafManagedRuleGroups: [
    { name: "AWSManagedRulesCommonRuleSet", label: "core rule set" },
    { name: "AWSManagedRulesKnownBadInputsRuleSet", label: "known bad inputs" },
    { name: "AWSManagedRulesAmazonIpReputationList", label: "Amazon IP reputation list" },
  ],
  /**
   * Bytes per S3 server access log record: the first example record on AWS's "Amazon S3 server
   * access log format" page is 570 bytes with its newline. Records with long keys or user agents
   * are longer.
   */
  s3AccessLogBytesPerRecord: 570,
  /** Days CloudWatch Logs keeps Enhanced Monitoring's RDSOSMetrics by default (RDS User Guide). */
  enhancedMonitoringRetentionDays: 30,
  /** The Enhanced Monitoring interval priced, in seconds. */
  enhancedMonitoringIntervalSeconds: 60,
} as const;
