import type { EnvironmentInput } from "./config";

/**
 * Production: the same modules as staging with data protection on, longer log retention and
 * managed NAT. Edit the account id, region, zones and state bucket for your own AWS account.
 */
export const production: EnvironmentInput = {
  project: "acme",
  name: "production",
  accountId: "123456789012",
  region: "us-east-1",
  protected: true,
  logRetentionDays: 365,
  network: {
    cidr: "10.20.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // A managed NAT gateway (about $37 a month): no instance to patch. Use "per-az" to survive
    // an AZ outage at twice the cost, or "nat-instance" to save most of it.
    egress: "nat-gateway",
    natLayout: "single",
    flowLogs: "all",
  },
  service: {
    // The API runs as a container on Fargate, behind the HTTP API through Cloud Map.
    kind: "container",
    imageTag: "0.1.0",
    cpuUnits: 512,
    memoryMiB: 1024,
    containerPort: 8000,
    // Two tasks at least (one per AZ), up to six as CPU or memory climbs.
    desiredCount: 2,
    minTasks: 2,
    maxTasks: 6,
    onDemandWeight: 1,
    spotWeight: 0,
    // Private subnets, no public IP: the tasks are reachable only through the VPC link, and they
    // pull images and call AWS through the NAT gateway above (image layers through the free S3
    // endpoint), which production pays for anyway.
    subnets: "private",
    // Counts running tasks for the "fewer than minTasks" alarm (its metrics are CloudWatch custom
    // metrics: about $11 a month for this one service, see npm run cost).
    containerInsights: true,
    environment: {
      APP_ENV: "production",
      LOG_LEVEL: "warning",
    },
    secrets: {
      SECRET_KEY: "arn:aws:ssm:us-east-1:123456789012:parameter/acme/production/secret-key",
    },
    enableExecuteCommand: false,
  },
  api: {
    throttlingRateLimit: 200,
    // No JWT authorizer: the routes are public and the app checks who is calling.
    publicReason: "The API is public by design: the Django app authenticates its own users with sessions and tokens, and API Gateway throttles and logs every request.",
    throttlingBurstLimit: 400,
  },
  site: {
    // With a domain: aliases: ["www.example.com"] and an ACM certificate in us-east-1.
    accessLogging: true,
  },
  media: { serveThroughSite: true },
  database: {
    // Multi-AZ: a standby in the second AZ takes over within a minute or two if the first fails.
    instanceClass: "db.t4g.small",
    multiAz: true,
    backupRetentionDays: 14,
    deletionProtection: true,
    maxAllocatedStorageGiB: 200,
  },
  migrations: {
    repository: "acme/app",
    branch: "production",
    notificationEmails: ["oncall@example.com"],
  },
  monitoring: {
    // Told of every alarm and recovery: API 5xx and latency, service and database saturation, failed migrations.
    alarmEmails: ["oncall@example.com"],
  },
  state: {
    bucket: "acme-terraform-state-123456789012",
    region: "us-east-1",
  },
  tags: {
    CostCenter: "web",
  },
};
