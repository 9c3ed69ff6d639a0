import { describeOfflineTerraform } from "../support/offline";

// A preview (environments/preview.ts) of the project's own staging (containers, a database),
// from the sample branch name "Feature/Checkout_Flow#42" (test/support/offline-targets.ts).
describeOfflineTerraform("pv-feature-chec-2186");
