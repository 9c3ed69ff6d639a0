import { describeOfflineTerraform } from "../support/offline";

// The DRF-on-Fargate example (examples/alb-fargate/), as npm run examples synthesizes it.
describeOfflineTerraform("alb-fargate-staging");
describeOfflineTerraform("alb-fargate-production");
