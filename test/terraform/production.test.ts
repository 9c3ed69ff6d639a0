import { describeOfflineTerraform } from "../support/offline";

describeOfflineTerraform("production");
