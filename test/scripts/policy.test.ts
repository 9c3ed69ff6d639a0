import * as os from "node:os";
import * as path from "node:path";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import * as environments from "../../environments";
import { buildApp } from "../../environments";
import { policyCommand, stackReport } from "../../scripts/policy";
import { capture } from "../support/capture";

describe("npm run policy", () => {
  test("reports every stack: each rule's outcome, and each suppression with its reason", () => {
    const stdout = capture();
    const stderr = capture();
    expect(policyCommand([], { stdout, stderr })).toBe(0);
    const text = stdout.text();
    expect(stderr.text()).toBe("");
    for (const stack of ["bootstrap (protected", "staging (not protected)", "production (protected"]) expect(text).toContain(`Policy report for ${stack}`);
    expect(text).toMatch(/ecs-service-no-public-ip\s+error\s+suppressed\s+1 suppressed/);
    expect(text).toMatch(/s3-public-access-block\s+error\s+passed\s+\d+ passed/);
    expect(text).toMatch(/rds-deletion-protection\s+error\s+not applicable\s+-/);
    expect(text).toContain("reason:  Tasks run in public subnets with a public IP");
    expect(text).toContain("reason:  The API is public by design");
    expect(text).not.toContain("Failed:");
    expect(text).toMatch(/rules: \d+ passed, 0 failed, \d+ suppressed, \d+ not applicable/);
  });

  test("lists every suppression of every stack with its reason", () => {
    const stdout = capture();
    policyCommand([], { stdout, stderr: capture() });
    const { bootstrap, environments } = buildApp({ outdir: path.join(os.tmpdir(), "policy-test-unused") });
    const recorded = [bootstrap, ...environments].flatMap((stack) => stackReport(stack).suppressions);
    expect(recorded.length).toBeGreaterThan(0);
    // Each silences a finding: none is left over from a resource that no longer needs it.
    expect(recorded.filter((s) => !s.used)).toEqual([]);
    for (const s of recorded) expect(stdout.text()).toContain(`${s.id} on ${s.subject.path} (${s.subject.address})\n    finding: `);
    for (const s of recorded) expect(stdout.text()).toContain(`reason:  ${s.reason}`);
  });

  test("exits 1 when a stack has an error", () => {
    const realBuildApp = environments.buildApp;
    const spy = jest.spyOn(environments, "buildApp").mockImplementation((options) => {
      const built = realBuildApp(options);
      new S3Bucket(built.environments[0]!, "Leaky", { bucket: "acme-staging-leaky" });
      return built;
    });
    try {
      const stdout = capture();
      expect(policyCommand(["staging"], { stdout, stderr: capture() })).toBe(1);
      expect(stdout.text()).toMatch(/s3-public-access-block\s+error\s+failed/);
      expect(stdout.text()).toContain("Failed:\n  s3-public-access-block (error) aws_s3_bucket.Leaky at staging/Leaky");
    } finally {
      spy.mockRestore();
    }
  });

  test("reports only the stacks named", () => {
    const stdout = capture();
    expect(policyCommand(["production"], { stdout, stderr: capture() })).toBe(0);
    expect(stdout.text()).toContain("Policy report for production");
    expect(stdout.text()).not.toContain("Policy report for staging");
  });

  test("an unknown stack or an option is a usage error", () => {
    const stderr = capture();
    expect(policyCommand(["qa"], { stdout: capture(), stderr })).toBe(2);
    expect(stderr.text()).toContain('No stack named "qa". Stacks: bootstrap, staging, production.');
    expect(policyCommand(["--all"], { stdout: capture(), stderr: capture() })).toBe(2);
  });
});
