import { describeOfflineTerraform } from "../support/offline";

// Environments with a feature left out (test/support/compositions.ts).
describeOfflineTerraform("no-site");
describeOfflineTerraform("no-migrations");
describeOfflineTerraform("no-database");
