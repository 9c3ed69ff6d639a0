import { block, blocks, isExpression, isTrue } from "../../json";
import { fail, pass, PolicyContext, PolicySubject, Rule } from "../../types";

const SCANNING_FREQUENCIES = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];

function wildcardMatches(filter: string, name: unknown): boolean {
  if (filter === "*") return true;
  if (typeof name !== "string" || isExpression(name)) return false;
  const pattern = filter.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${pattern}$`).test(name);
}

/** True when a registry scanning rule scans the repository on push or continuously. */
function registryScans(repository: PolicySubject, context: PolicyContext): boolean {
  return context.ofType("aws_ecr_registry_scanning_configuration").some((config) =>
    blocks(config.values.rule).some(
      (rule) =>
        typeof rule.scan_frequency === "string" &&
        SCANNING_FREQUENCIES.includes(rule.scan_frequency) &&
        blocks(rule.repository_filter).some((f) => typeof f.filter === "string" && wildcardMatches(f.filter, repository.values.name)),
    ),
  );
}

export const ecrScanOnPush: Rule = {
  id: "ecr-scan-on-push",
  checkov: "CKV_AWS_163",
  trivy: "AVD-AWS-0030",
  level: "error",
  resourceTypes: ["aws_ecr_repository"],
  summary: "ECR repository whose images are not scanned on push",
  why: "Without scanning, images with known vulnerabilities are deployed without anyone being told.",
  check(repository, context) {
    if (isTrue(block(repository.values.image_scanning_configuration)?.scan_on_push)) return pass();
    if (registryScans(repository, context)) return pass();
    return fail("image_scanning_configuration.scan_on_push is not true and no aws_ecr_registry_scanning_configuration rule scans the repository");
  },
};
