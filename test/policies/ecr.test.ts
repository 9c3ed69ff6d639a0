import { ecrLifecyclePolicy } from "../../policies/rules/ecr/ecr-lifecycle-policy";
import { ecrNoForceDelete } from "../../policies/rules/ecr/ecr-no-force-delete";
import { ecrScanOnPush } from "../../policies/rules/ecr/ecr-scan-on-push";
import { expectFlagged, expectPass, Fixture, resultFor } from "./harness";

const REPO = "aws_ecr_repository.repo";

const repository = (values: Record<string, unknown> = {}): Fixture => ({
  type: "aws_ecr_repository",
  name: "repo",
  values: { name: "acme-prod/api", image_tag_mutability: "IMMUTABLE", ...values },
});
const registryScanning = (scanFrequency: string, filter: string): Fixture => ({
  type: "aws_ecr_registry_scanning_configuration",
  name: "scanning",
  values: { scan_type: "ENHANCED", rule: [{ scan_frequency: scanFrequency, repository_filter: [{ filter, filter_type: "WILDCARD" }] }] },
});
const keepLast20 = JSON.stringify({
  rules: [{ rulePriority: 1, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 }, action: { type: "expire" } }],
});
const lifecycle = (policy: unknown, repositoryRef: string = "${aws_ecr_repository.repo.name}"): Fixture => ({
  type: "aws_ecr_lifecycle_policy",
  name: "lifecycle",
  values: { repository: repositoryRef, policy },
});

describe("ecr-scan-on-push", () => {
  it("passes a repository scanning on push (block as an object)", () => {
    expectPass(ecrScanOnPush, [repository({ image_scanning_configuration: { scan_on_push: true } })], REPO);
  });

  it("passes a repository scanning on push (block as a list)", () => {
    expectPass(ecrScanOnPush, [repository({ image_scanning_configuration: [{ scan_on_push: true }] })], REPO);
  });

  it("passes a repository covered by a registry rule for every repository", () => {
    expectPass(ecrScanOnPush, [repository(), registryScanning("CONTINUOUS_SCAN", "*")], REPO);
  });

  it("passes a repository whose name is a reference when a registry rule covers every repository", () => {
    expectPass(ecrScanOnPush, [repository({ name: "${var.repository_name}" }), registryScanning("SCAN_ON_PUSH", "*")], REPO);
  });

  it("passes a repository whose name matches a registry rule's wildcard", () => {
    expectPass(ecrScanOnPush, [repository(), registryScanning("SCAN_ON_PUSH", "acme-prod/*")], REPO);
  });

  it("fails synth for a repository without scanning", () => {
    expect(expectFlagged(ecrScanOnPush, [repository()], REPO)).toContain("image_scanning_configuration.scan_on_push is not true");
  });

  it("fails synth for scan_on_push false", () => {
    expectFlagged(ecrScanOnPush, [repository({ image_scanning_configuration: { scan_on_push: false } })], REPO);
  });

  it("fails synth when the registry rule only scans manually", () => {
    expectFlagged(ecrScanOnPush, [repository(), registryScanning("MANUAL", "*")], REPO);
  });

  it("fails synth when the registry rule's filter does not match the repository", () => {
    expectFlagged(ecrScanOnPush, [repository(), registryScanning("SCAN_ON_PUSH", "acme-staging/*")], REPO);
  });

  it("fails synth for a partial wildcard against a repository name it cannot read", () => {
    expectFlagged(ecrScanOnPush, [repository({ name: "${var.repository_name}" }), registryScanning("SCAN_ON_PUSH", "*name*")], REPO);
  });
});

describe("ecr-lifecycle-policy", () => {
  it("passes a repository with a lifecycle policy referring to its name", () => {
    expectPass(ecrLifecyclePolicy, [repository(), lifecycle(keepLast20)], REPO);
  });

  it("passes a lifecycle policy naming the repository literally", () => {
    expectPass(ecrLifecyclePolicy, [repository(), lifecycle(keepLast20, "acme-prod/api")], REPO);
  });

  it("fails synth for a repository without a lifecycle policy", () => {
    expect(expectFlagged(ecrLifecyclePolicy, [repository()], REPO)).toContain("no aws_ecr_lifecycle_policy refers to the repository");
  });

  it("fails synth when the only lifecycle policy is another repository's", () => {
    const other: Fixture = { type: "aws_ecr_repository", name: "other", values: { name: "acme-prod/worker" } };
    expectFlagged(ecrLifecyclePolicy, [repository(), other, lifecycle(keepLast20, "${aws_ecr_repository.other.name}")], REPO);
  });

  it("fails synth for a policy without rules", () => {
    expect(expectFlagged(ecrLifecyclePolicy, [repository(), lifecycle(JSON.stringify({ rules: [] }))], REPO)).toContain("aws_ecr_lifecycle_policy.lifecycle policy has no rules");
  });

  it("fails synth when a second lifecycle policy for the repository has no rules", () => {
    const second: Fixture = { ...lifecycle(JSON.stringify({ rules: [] })), name: "second" };
    expect(expectFlagged(ecrLifecyclePolicy, [repository(), lifecycle(keepLast20), second], REPO)).toContain("aws_ecr_lifecycle_policy.second policy has no rules");
  });

  it("fails synth for a policy that is not valid JSON", () => {
    expect(expectFlagged(ecrLifecyclePolicy, [repository(), lifecycle("{rules: [")], REPO)).toContain("policy is not valid JSON");
  });

  it("fails synth for a policy given as a Terraform expression", () => {
    const message = expectFlagged(ecrLifecyclePolicy, [repository(), lifecycle("${data.aws_ecr_lifecycle_policy_document.p.json}")], REPO);
    expect(message).toContain("is a Terraform expression");
  });
});

describe("ecr-no-force-delete", () => {
  it("passes a repository that leaves it to the provider default (false)", () => {
    expectPass(ecrNoForceDelete, [repository()], REPO, { protected: true });
  });

  it("passes force_delete false", () => {
    expectPass(ecrNoForceDelete, [repository({ force_delete: false })], REPO, { protected: true });
  });

  it("fails synth for force_delete true", () => {
    expect(expectFlagged(ecrNoForceDelete, [repository({ force_delete: true })], REPO, { protected: true })).toContain("force_delete is true");
  });

  it("does not apply outside protected environments", () => {
    expect(resultFor(ecrNoForceDelete, [repository({ force_delete: true })], REPO, { protected: false }).status).toBe("not-applicable");
  });
});
