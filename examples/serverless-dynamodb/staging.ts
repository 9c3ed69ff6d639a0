import type { EnvironmentInput } from "../../environments/config";

/** The handlers, bundled at synth by the lambda-function module (esbuild). */
export const FUNCTIONS = "examples/serverless-dynamodb/functions";

/**
 * Staging of the serverless shop (planning document 003): TypeScript functions behind the HTTP
 * API, one per group of routes, each granted only the tables it names; DynamoDB tables for the
 * catalogue and the orders; a bucket for the backend's files; Cognito sign-in (the JWT
 * authorizer of the order and file routes); the React site on S3 and CloudFront. No NAT, no
 * database server: idle, it costs little more than its alarms and its hosted zone.
 */
export const staging: EnvironmentInput = {
  project: "woocom",
  name: "staging",
  accountId: "123456789012",
  region: "us-east-1",
  protected: false,
  logRetentionDays: 14,
  network: {
    // The functions run outside the VPC (DynamoDB and S3 are AWS APIs): it holds nothing that costs.
    cidr: "10.46.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    egress: "none",
    flowLogs: "off",
  },
  service: {
    kind: "functions",
    architecture: "arm64",
    tracing: true,
    functions: {
      catalog: {
        entry: `${FUNCTIONS}/catalog/index.ts`,
        runtime: "nodejs22.x",
        routes: ["GET /products", "GET /products/{id}"],
        tables: { products: "read" },
        memoryMiB: 256,
        publicReason: "The catalogue is the shop window: visitors browse products before they sign in.",
      },
      orders: {
        entry: `${FUNCTIONS}/orders/index.ts`,
        runtime: "nodejs22.x",
        routes: ["POST /orders", "GET /orders", "GET /orders/{id}"],
        tables: { orders: "read-write", products: "read" },
        memoryMiB: 256,
      },
      files: {
        entry: `${FUNCTIONS}/files/index.ts`,
        runtime: "nodejs22.x",
        routes: ["POST /files", "GET /files/{id}"],
        media: true,
      },
    },
  },
  api: {
    domainName: "api.staging.woocom-example.com",
    additionalCorsOrigins: ["http://localhost:3000"],
    throttlingRateLimit: 50,
    throttlingBurstLimit: 100,
  },
  domain: {
    name: "staging.woocom-example.com",
    hostedZoneId: "Z0123456789WOOSTAGE",
  },
  site: {
    domainNames: ["www.staging.woocom-example.com"],
  },
  auth: {
    callbackUrls: ["https://www.staging.woocom-example.com/auth/callback", "http://localhost:3000/auth/callback"],
    logoutUrls: ["https://www.staging.woocom-example.com/", "http://localhost:3000/"],
    domainPrefix: "woocom-staging-signin",
  },
  tables: {
    products: {
      partitionKey: { name: "id", type: "S" },
    },
    orders: {
      partitionKey: { name: "customerId", type: "S" },
      sortKey: { name: "orderId", type: "S" },
    },
  },
  // The React build is uploaded by the site's own CI (npm run deploy-site), so no delivery pipeline.
  monitoring: {
    alarmEmails: ["dev-team@example.com"],
    // The planning document's alert: 5xx responses above 150 a minute.
    api5xxPerMinute: 150,
  },
  state: {
    bucket: "woocom-terraform-state-123456789012",
    region: "us-east-1",
  },
};
