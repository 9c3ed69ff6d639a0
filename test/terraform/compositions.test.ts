import { describeOfflineTerraform } from "../support/offline";

// Environments with a feature left out, or their own domain names (test/support/compositions.ts).
describeOfflineTerraform("no-site");
describeOfflineTerraform("no-migrations");
describeOfflineTerraform("no-database");
describeOfflineTerraform("with-domain");
