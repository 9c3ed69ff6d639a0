import { describeOfflineTerraform } from "../support/offline";

// Modules alone, in settings the environments do not use (test/support/module-stacks.ts): the
// domain module's validation records, a CloudFront certificate through a second provider, an
// API on its own name.
describeOfflineTerraform("domain-protected");
