import { describeOfflineTerraform } from "../support/offline";

// The Flask-on-Fargate product with Cognito, DynamoDB streams and uploads (examples/fargate-cognito-uploads/), as npm run examples synthesizes it.
describeOfflineTerraform("fargate-cognito-uploads-staging");
describeOfflineTerraform("fargate-cognito-uploads-production");
