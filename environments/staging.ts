import type { EnvironmentInput } from "./config";

/**
 * Staging: the cheapest setup that runs the whole product. Edit the account id, region, zones
 * and state bucket for your own AWS account; `npm run synth` checks every value.
 */
export const staging: EnvironmentInput = {
  project: "acme",
  name: "staging",
  accountId: "123456789012",
  region: "us-east-1",
  protected: false,
  logRetentionDays: 14,
  network: {
    cidr: "10.10.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // The cheapest egress that lets builds in the private subnets fetch packages (about $7 a month).
    egress: "nat-instance",
    natLayout: "single",
    flowLogs: "rejected",
  },
  service: {
    // The API runs as a container on Fargate, behind the HTTP API through Cloud Map.
    kind: "container",
    // CI pushes a new, immutable tag per build and deploys it by changing this value.
    imageTag: "0.1.0",
    cpuUnits: 256,
    memoryMiB: 512,
    containerPort: 8000,
    minTasks: 1,
    maxTasks: 1,
    // All on Fargate Spot: about 70% cheaper; a task interrupted now and then is fine here.
    onDemandWeight: 0,
    spotWeight: 1,
    // Public subnets with a public IP per task: no NAT needed for image pulls. The service
    // suppresses ecs-service-no-public-ip with its reason (see modules/fargate-service); the
    // task security group admits only the API's VPC link.
    subnets: "public",
    environment: {
      APP_ENV: "staging",
      LOG_LEVEL: "info",
    },
    secrets: {
      // Create the parameter (SecureString) once: aws ssm put-parameter --type SecureString ...
      SECRET_KEY: "arn:aws:ssm:us-east-1:123456789012:parameter/acme/staging/secret-key",
    },
    enableExecuteCommand: true,
  },
  api: {
    // The site's own origin is always allowed; this adds the Vite dev server.
    additionalCorsOrigins: ["http://localhost:5173"],
    throttlingRateLimit: 20,
    // No JWT authorizer: the routes are public and the app checks who is calling.
    publicReason: "The API is public by design: the Django app authenticates its own users with sessions and tokens, and API Gateway throttles and logs every request.",
    throttlingBurstLimit: 40,
  },
  site: {},
  media: { serveThroughSite: true },
  database: {
    instanceClass: "db.t4g.micro",
    multiAz: false,
    backupRetentionDays: 3,
    // Staging's data is disposable: no deletion protection and no final snapshot to pay for
    // (or to collide with the next one's name).
    deletionProtection: false,
    finalSnapshot: false,
  },
  migrations: {
    repository: "acme/app",
    branch: "main",
    notificationEmails: ["dev-team@example.com"],
  },
  monitoring: {
    // Told of every alarm and recovery: API 5xx and latency, service and database saturation, failed migrations.
    alarmEmails: ["dev-team@example.com"],
  },
  state: {
    bucket: "acme-terraform-state-123456789012",
    region: "us-east-1",
  },
  tags: {
    CostCenter: "web",
  },
};
