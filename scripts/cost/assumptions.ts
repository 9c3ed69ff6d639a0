/**
 * The fixed figures the estimate uses that neither the synthesized JSON nor the usage settings
 * give, each documented (see PRICES.md).
 */

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
} as const;

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
