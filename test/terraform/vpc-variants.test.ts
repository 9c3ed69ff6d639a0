import { describeOfflineTerraform } from "../support/offline";

// The network layouts the environments do not use (synthesizeVpcVariants in offline-targets.ts).
describeOfflineTerraform("vpc-variants");
