import type { EnvironmentInput } from "../../environments/config";

/**
 * Production of the Django-on-Lambda system: staging's modules with data protection, a
 * Multi-AZ database, managed NAT and long log retention.
 */
export const production: EnvironmentInput = {
  project: "django-lambda",
  name: "production",
  accountId: "123456789012",
  region: "us-east-1",
  protected: true,
  logRetentionDays: 365,
  network: {
    cidr: "10.41.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // A managed NAT gateway (about $37 a month): the function's Parameter Store reads and the
    // migrations' AWS calls. Interface endpoints for ssm, secretsmanager and logs instead cost
    // about $44 a month and need no internet route at all.
    egress: "nat-gateway",
    natLayout: "single",
    flowLogs: "all",
  },
  service: {
    kind: "function",
    codeFolder: "examples/django-lambda/app",
    runtime: "python3.13",
    handler: "config.asgi.handler",
    memoryMiB: 1769,
    timeoutSeconds: 29,
    // db.t4g.small holds about 168 connections: 100 leaves room for the migrations and operators.
    // Reserving needs an account concurrency quota of 200 or more (AWS keeps 100 unreserved).
    reservedConcurrency: 100,
    environment: {
      APP_ENV: "production",
      DJANGO_SETTINGS_MODULE: "config.settings",
      DJANGO_ALLOWED_HOSTS: ".execute-api.us-east-1.amazonaws.com",
    },
    secrets: {
      SECRET_KEY: "arn:aws:ssm:us-east-1:123456789012:parameter/django-lambda/production/secret-key",
    },
  },
  api: {
    throttlingRateLimit: 200,
    throttlingBurstLimit: 400,
    // The sample's routes are a demonstration without sign-in; give api.jwt (a Cognito pool's
    // issuer and client) or authenticate in Django before real data goes behind them.
    publicReason: "The sample API is public by design: its routes serve anonymous demonstration data, and API Gateway throttles and logs every request; a real project signs users in (api.jwt or Django's own authentication) before holding user data.",
  },
  site: {
    accessLogging: true,
  },
  media: { serveThroughSite: true },
  database: {
    instanceClass: "db.t4g.small",
    multiAz: true,
    backupRetentionDays: 14,
    deletionProtection: true,
    maxAllocatedStorageGiB: 200,
  },
  delivery: {
    repository: "acme/django-app",
    branch: "production",
    notificationEmails: ["oncall@example.com"],
  },
  monitoring: {
    alarmEmails: ["oncall@example.com"],
  },
  state: {
    bucket: "django-lambda-terraform-state-123456789012",
    region: "us-east-1",
  },
};
