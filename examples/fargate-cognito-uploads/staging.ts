import type { EnvironmentInput } from "../../environments/config";

const FUNCTIONS = "examples/fargate-cognito-uploads/functions";

/**
 * Staging of the Flask-on-Fargate product (planning document 002): the Flask API on Fargate
 * behind API Gateway, over the VPC link to an internal load balancer; PostgreSQL and a DynamoDB
 * table whose stream updates message groups; Cognito sign-up and sign-in with a trigger that
 * adds the user to PostgreSQL; uploads signed by a function and turned into thumbnails served at
 * `assets.staging.flask-example.com`. The cheapest setup that runs all of it.
 */
export const staging: EnvironmentInput = {
  project: "flaskapp",
  name: "staging",
  accountId: "123456789012",
  region: "us-east-1",
  protected: false,
  logRetentionDays: 14,
  network: {
    cidr: "10.44.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // Tasks in public subnets with a public IP (their group admits only the load balancer); the
    // functions in the VPC reach PostgreSQL inside it, DynamoDB and S3 through gateway endpoints.
    egress: "none",
    flowLogs: "rejected",
  },
  service: {
    kind: "container",
    // The image CodeBuild pushes to the service's ECR repository; the pipeline deploys every later one.
    imageTag: "git-0123456789abcdef0123456789abcdef01234567",
    imageUpdates: "pipeline",
    cpuUnits: 256,
    memoryMiB: 512,
    containerPort: 5000,
    minTasks: 1,
    maxTasks: 2,
    onDemandWeight: 0,
    spotWeight: 1,
    subnets: "public",
    healthCheckCommand: ["CMD-SHELL", "python -c \"import urllib.request; urllib.request.urlopen('http://localhost:5000/api/health-check')\" || exit 1"],
    environment: {
      APP_ENV: "staging",
      FRONTEND_URL: "https://www.staging.flask-example.com",
    },
  },
  api: {
    domainName: "api.staging.flask-example.com",
    additionalCorsOrigins: ["http://localhost:3000"],
    throttlingRateLimit: 50,
    throttlingBurstLimit: 100,
    publicCatchAllReason:
      "The Flask API verifies the user pool's tokens itself and serves its home feed to visitors who have not signed in; the upload route keeps the API's JWT authorizer.",
  },
  loadBalancer: {
    internal: true,
    // The name on the internal load balancer's certificate, which API Gateway checks; no record points at it.
    domainName: "app.staging.flask-example.com",
    healthCheckPath: "/api/health-check",
    deregistrationDelaySeconds: 15,
    accessLogRetentionDays: 30,
  },
  domain: {
    name: "staging.flask-example.com",
    hostedZoneId: "Z0123456789STAGINGCD",
  },
  site: {
    domainNames: ["www.staging.flask-example.com"],
  },
  auth: {
    callbackUrls: ["https://www.staging.flask-example.com/auth/callback", "http://localhost:3000/auth/callback"],
    logoutUrls: ["https://www.staging.flask-example.com/", "http://localhost:3000/"],
    domainPrefix: "flaskapp-staging-signin",
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
    assetsDomainName: "assets.staging.flask-example.com",
  },
  database: {
    instanceClass: "db.t4g.micro",
    multiAz: false,
    backupRetentionDays: 3,
    deletionProtection: false,
    finalSnapshot: false,
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
    alarmEmails: ["dev-team@example.com"],
  },
  state: {
    bucket: "flaskapp-terraform-state-123456789012",
    region: "us-east-1",
  },
};
