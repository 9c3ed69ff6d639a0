import type { EnvironmentInput } from "../../environments/config";

const FUNCTIONS = "examples/fargate-cognito-uploads/functions";

/**
 * Production of the Flask-on-Fargate product: staging's modules with every data store protected
 * (the user pool, the table, the database, the assets bucket), a Multi-AZ database, tasks in
 * private subnets behind a NAT gateway, MFA required, and long log retention.
 */
export const production: EnvironmentInput = {
  project: "flaskapp",
  name: "production",
  accountId: "123456789012",
  region: "us-east-1",
  protected: true,
  logRetentionDays: 365,
  network: {
    cidr: "10.45.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // Tasks in private subnets; image pulls and AWS calls leave through one managed NAT gateway.
    egress: "nat-gateway",
    natLayout: "single",
    flowLogs: "all",
  },
  service: {
    kind: "container",
    // The image CodeBuild pushes to the service's ECR repository; the pipeline deploys every later one.
    imageTag: "git-0123456789abcdef0123456789abcdef01234567",
    imageUpdates: "pipeline",
    cpuUnits: 512,
    memoryMiB: 1024,
    containerPort: 5000,
    minTasks: 2,
    maxTasks: 6,
    onDemandBase: 2,
    onDemandWeight: 1,
    spotWeight: 0,
    subnets: "private",
    containerInsights: true,
    healthCheckCommand: ["CMD-SHELL", "python -c \"import urllib.request; urllib.request.urlopen('http://localhost:5000/api/health-check')\" || exit 1"],
    environment: {
      APP_ENV: "production",
      FRONTEND_URL: "https://www.flask-example.com",
    },
  },
  api: {
    domainName: "api.flask-example.com",
    throttlingRateLimit: 200,
    throttlingBurstLimit: 400,
    publicCatchAllReason:
      "The Flask API verifies the user pool's tokens itself and serves its home feed to visitors who have not signed in; the upload route keeps the API's JWT authorizer.",
  },
  loadBalancer: {
    internal: true,
    // The name on the internal load balancer's certificate, which API Gateway checks; no record points at it.
    domainName: "app.flask-example.com",
    healthCheckPath: "/api/health-check",
    deregistrationDelaySeconds: 15,
    accessLogRetentionDays: 365,
  },
  domain: {
    // Created by this stack (prevent_destroy): delegate flask-example.com to its name servers once.
    name: "flask-example.com",
  },
  site: {
    domainNames: ["flask-example.com", "www.flask-example.com"],
  },
  auth: {
    callbackUrls: ["https://www.flask-example.com/auth/callback"],
    logoutUrls: ["https://www.flask-example.com/"],
    domainPrefix: "flaskapp-production-signin",
    mfa: "required",
    postConfirmation: { codeFolder: `${FUNCTIONS}/post-confirmation`, handler: "index.handler", runtime: "nodejs22.x" },
  },
  tables: {
    messages: {
      partitionKey: { name: "pk", type: "S" },
      sortKey: { name: "sk", type: "S" },
      indexes: [{ name: "message-groups", partitionKey: { name: "user_uuid", type: "S" }, sortKey: { name: "sk", type: "S" } }],
      stream: {
        viewType: "NEW_IMAGE",
        consumer: { codeFolder: `${FUNCTIONS}/stream-consumer`, handler: "index.handler", runtime: "nodejs22.x" },
      },
    },
  },
  uploads: {
    presignFunction: { codeFolder: `${FUNCTIONS}/presign-upload`, handler: "index.handler", runtime: "nodejs22.x" },
    thumbnailFunction: { codeFolder: `${FUNCTIONS}/thumbnail`, handler: "index.handler", runtime: "nodejs22.x" },
    assetsDomainName: "assets.flask-example.com",
  },
  database: {
    instanceClass: "db.t4g.small",
    multiAz: true,
    backupRetentionDays: 14,
    deletionProtection: true,
    finalSnapshot: true,
  },
  // The application's repository: CodePipeline builds the Flask image (backend-flask/Dockerfile)
  // into the service's ECR repository and deploys it, and builds and deploys the React site.
  delivery: {
    repository: "acme/flaskapp",
    siteDirectory: "frontend-react-js",
    serviceDirectory: "backend-flask",
    notificationEmails: ["dev-team@example.com"],
  },
  monitoring: {
    alarmEmails: ["oncall@example.com"],
  },
  state: {
    bucket: "flaskapp-terraform-state-123456789012",
    region: "us-east-1",
  },
};
