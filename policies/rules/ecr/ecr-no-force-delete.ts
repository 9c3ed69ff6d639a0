import { expectFlag } from "../../json";
import { Rule } from "../../types";

export const ecrNoForceDelete: Rule = {
  id: "ecr-no-force-delete",
  level: "error",
  resourceTypes: ["aws_ecr_repository"],
  protectedOnly: true,
  summary: "ECR repository that Terraform deletes with its images",
  why: "With force_delete a destroy or replacement deletes every image, including the ones production is running, and a rollback has nothing to pull.",
  check(repository) {
    return expectFlag(repository, "force_delete", false, false);
  },
};
