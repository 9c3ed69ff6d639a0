import type { EnvironmentInput } from "../../environments/config";

/**
 * Staging of the DRF-on-Fargate system (planning document 001): the API container on Fargate
 * behind an Application Load Balancer at `api.staging.drf-example.com`, PostgreSQL, images from
 * Docker Hub through the ECR pull-through cache, delivered by the application's GitHub Actions.
 * The cheapest setup that runs all of it.
 */
export const staging: EnvironmentInput = {
  project: "alb-fargate",
  name: "staging",
  accountId: "123456789012",
  region: "us-east-1",
  protected: false,
  logRetentionDays: 14,
  network: {
    cidr: "10.42.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // The tasks run in public subnets with a public IP (their security group admits only the
    // load balancer): no NAT to pay for. The migrations' CodeBuild is not used here.
    egress: "none",
    flowLogs: "rejected",
  },
  service: {
    kind: "container",
    // The image is acme/drf-api on Docker Hub, pulled through the environment's cache.
    pullThroughCache: {
      upstream: "docker-hub",
      repository: "acme/drf-api",
      // Create it once (the name must start with ecr-pullthroughcache/):
      // aws secretsmanager create-secret --name ecr-pullthroughcache/alb-fargate-staging --secret-string '{"username":"...","accessToken":"..."}'
      credentialsArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/alb-fargate-staging-AbCdEf",
    },
    // The first image; the application's CI deploys every later one.
    imageTag: "git-0123456789abcdef0123456789abcdef01234567",
    imageUpdates: "pipeline",
    oneOffTasks: true,
    cpuUnits: 256,
    memoryMiB: 512,
    containerPort: 8000,
    minTasks: 1,
    maxTasks: 2,
    onDemandWeight: 0,
    // Staging runs on Spot (about 70% cheaper); an interruption replaces the task.
    spotWeight: 1,
    subnets: "public",
    healthCheckCommand: ["CMD-SHELL", "python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health/')\" || exit 1"],
    environment: {
      APP_ENV: "staging",
      DJANGO_SETTINGS_MODULE: "config.settings",
      DJANGO_ALLOWED_HOSTS: "api.staging.drf-example.com",
    },
    secrets: {
      // Create it once: aws ssm put-parameter --type SecureString --name /alb-fargate/staging/secret-key --value ...
      SECRET_KEY: "arn:aws:ssm:us-east-1:123456789012:parameter/alb-fargate/staging/secret-key",
    },
  },
  loadBalancer: {
    domainName: "api.staging.drf-example.com",
    healthCheckPath: "/health/",
    deregistrationDelaySeconds: 15,
    accessLogRetentionDays: 30,
  },
  domain: {
    // A zone delegated from production's drf-example.com, made once by hand (or by production's
    // stack owner): staging only adds records to it.
    name: "staging.drf-example.com",
    hostedZoneId: "Z0123456789STAGINGAB",
  },
  database: {
    instanceClass: "db.t4g.micro",
    multiAz: false,
    backupRetentionDays: 3,
    deletionProtection: false,
    finalSnapshot: false,
  },
  monitoring: {
    alarmEmails: ["dev-team@example.com"],
  },
  state: {
    bucket: "alb-fargate-terraform-state-123456789012",
    region: "us-east-1",
  },
};
