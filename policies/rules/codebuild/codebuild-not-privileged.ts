import { block, readFlag } from "../../json";
import { fail, pass, Rule } from "../../types";

/** `environment.privileged_mode` is not true (the provider's default is false). */
export const codebuildNotPrivileged: Rule = {
  id: "codebuild-not-privileged",
  checkov: "CKV_AWS_316",
  level: "error",
  resourceTypes: ["aws_codebuild_project"],
  summary: "CodeBuild project runs its build container in privileged mode",
  why: "Privileged mode gives the build, and any dependency or script it runs, root over the build host's devices; it is only needed to build Docker images.",
  check(project) {
    const privileged = readFlag(block(project.values.environment)?.privileged_mode, "environment.privileged_mode", false);
    if (!privileged.ok) return fail(privileged.detail);
    return privileged.value
      ? fail("environment.privileged_mode is true; it is only needed to build Docker images (if that is what this project does, suppress with that reason)")
      : pass();
  },
};
