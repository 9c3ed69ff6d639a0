import { policyCommand } from "../../scripts/policy";
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
