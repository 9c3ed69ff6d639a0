import { describeOfflineTerraform } from "../support/offline";

// The serverless example (examples/serverless-dynamodb/), as npm run examples synthesizes it.
describeOfflineTerraform("serverless-dynamodb-staging");
describeOfflineTerraform("serverless-dynamodb-production");
