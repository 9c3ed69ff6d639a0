import { describeOfflineTerraform } from "../support/offline";

// A preview of the serverless example's staging, from the sample branch name
// "Feature/Checkout_Flow#42" (test/support/offline-targets.ts).
describeOfflineTerraform("serverless-dynamodb-pv-feature-chec-2186");
