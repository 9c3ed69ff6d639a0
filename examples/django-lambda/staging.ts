import type { EnvironmentInput } from "../../environments/config";

/**
 * Staging of the Django-on-Lambda system (planning document 000): the Django API on Lambda
 * behind the HTTP API, PostgreSQL, the media bucket, the Vite site, and the delivery pipeline
 * from the application's repository. The cheapest setup that runs all of it.
 */
export const staging: EnvironmentInput = {
  project: "django-lambda",
  name: "staging",
  accountId: "123456789012",
  region: "us-east-1",
  protected: false,
  logRetentionDays: 14,
  network: {
    cidr: "10.40.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // The function reads Django's SECRET_KEY from Parameter Store at start-up: a NAT instance
    // (about $7 a month) is the cheapest route; the media bucket goes through the free S3 endpoint.
    egress: "nat-instance",
    natLayout: "single",
    flowLogs: "rejected",
  },
  service: {
    // The API runs as a Lambda function (Django wrapped by Mangum), behind the HTTP API.
    kind: "function",
    // Packaged at synth (the first deploy); the delivery pipeline deploys every later build.
    codeFolder: "examples/django-lambda/app",
    runtime: "python3.13",
    handler: "config.asgi.handler",
    memoryMiB: 1024,
    // API Gateway stops waiting at 30 s; the function stops just before.
    timeoutSeconds: 29,
    // One PostgreSQL connection per execution environment: db.t4g.micro holds about 84.
    reservedConcurrency: 20,
    environment: {
      APP_ENV: "staging",
      DJANGO_SETTINGS_MODULE: "config.settings",
      DJANGO_ALLOWED_HOSTS: ".execute-api.us-east-1.amazonaws.com",
    },
    secrets: {
      // Create it once: aws ssm put-parameter --type SecureString --name /django-lambda/staging/secret-key --value ...
      SECRET_KEY: "arn:aws:ssm:us-east-1:123456789012:parameter/django-lambda/staging/secret-key",
    },
  },
  api: {
    // The site's own origin is always allowed; this adds the Vite dev server.
    additionalCorsOrigins: ["http://localhost:5173"],
    throttlingRateLimit: 20,
    throttlingBurstLimit: 40,
    // The sample's routes are a demonstration without sign-in; give api.jwt (a Cognito pool's
    // issuer and client) or authenticate in Django before real data goes behind them.
    publicReason: "The sample API is public by design: its routes serve anonymous demonstration data, and API Gateway throttles and logs every request; a real project signs users in (api.jwt or Django's own authentication) before holding user data.",
  },
  site: {},
  media: { serveThroughSite: true },
  database: {
    instanceClass: "db.t4g.micro",
    multiAz: false,
    backupRetentionDays: 3,
    deletionProtection: false,
    finalSnapshot: false,
  },
  delivery: {
    repository: "acme/django-app",
    branch: "main",
    notificationEmails: ["dev-team@example.com"],
  },
  monitoring: {
    alarmEmails: ["dev-team@example.com"],
  },
  state: {
    bucket: "django-lambda-terraform-state-123456789012",
    region: "us-east-1",
  },
};
