import { describeOfflineTerraform } from "../support/offline";

describeOfflineTerraform("bootstrap");
