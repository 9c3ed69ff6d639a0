import { describeOfflineTerraform } from "../support/offline";

describeOfflineTerraform("staging");
