import { describeOfflineTerraform } from "../support/offline";

// The Django-on-Lambda example (examples/django-lambda/), as npm run examples synthesizes it.
describeOfflineTerraform("django-lambda-staging");
describeOfflineTerraform("django-lambda-production");
