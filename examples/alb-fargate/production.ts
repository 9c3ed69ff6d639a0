import type { EnvironmentInput } from "../../environments/config";

/**
 * Production of the DRF-on-Fargate system: staging's modules with data protection, the
 * load balancer's deletion protection, a Multi-AZ database with two weeks of backups, tasks in
 * private subnets behind a NAT gateway, and long log retention.
 */
export const production: EnvironmentInput = {
  project: "alb-fargate",
  name: "production",
  accountId: "123456789012",
  region: "us-east-1",
  protected: true,
  logRetentionDays: 365,
  network: {
    cidr: "10.43.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // Tasks in private subnets: image pulls (through the cache) and AWS calls leave through one
    // managed NAT gateway.
    egress: "nat-gateway",
    natLayout: "single",
    flowLogs: "all",
  },
  service: {
    kind: "container",
    pullThroughCache: {
      upstream: "docker-hub",
      repository: "acme/drf-api",
      credentialsArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/alb-fargate-production-GhIjKl",
    },
    imageTag: "git-0123456789abcdef0123456789abcdef01234567",
    imageUpdates: "pipeline",
    oneOffTasks: true,
    cpuUnits: 512,
    memoryMiB: 1024,
    containerPort: 8000,
    // Two tasks at least, one per AZ; Container Insights counts them for the running-tasks alarm.
    minTasks: 2,
    maxTasks: 6,
    onDemandBase: 2,
    onDemandWeight: 1,
    spotWeight: 1,
    subnets: "private",
    containerInsights: true,
    healthCheckCommand: ["CMD-SHELL", "python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health/')\" || exit 1"],
    environment: {
      APP_ENV: "production",
      DJANGO_SETTINGS_MODULE: "config.settings",
      DJANGO_ALLOWED_HOSTS: "api.drf-example.com",
    },
    secrets: {
      SECRET_KEY: "arn:aws:ssm:us-east-1:123456789012:parameter/alb-fargate/production/secret-key",
    },
  },
  loadBalancer: {
    domainName: "api.drf-example.com",
    healthCheckPath: "/health/",
    deregistrationDelaySeconds: 30,
    accessLogRetentionDays: 365,
  },
  domain: {
    // Created by the stack; delegate the domain to its name servers (output dns_name_servers) once.
    name: "drf-example.com",
  },
  database: {
    instanceClass: "db.t4g.small",
    multiAz: true,
    backupRetentionDays: 14,
    deletionProtection: true,
    maxAllocatedStorageGiB: 200,
  },
  monitoring: {
    alarmEmails: ["oncall@example.com"],
  },
  state: {
    bucket: "alb-fargate-terraform-state-123456789012",
    region: "us-east-1",
  },
};
