import { LocalBackend } from "cdktf";
import { evaluate, StackJson } from "../../policies";
import { backendStateEncryptedLocked } from "../../policies/rules/data/backend-state-encrypted-locked";
import { DATA_BEARING_TYPES, dataPreventDestroy } from "../../policies/rules/data/data-prevent-destroy";
import { expectFlagged, expectPass, Fixture, fixtureStack, resultFor } from "./harness";

const PROTECTED = { protected: true };
const resource = (type: string, values: Record<string, unknown> = {}): Fixture => ({ type, name: "r", values });

describe("data-prevent-destroy", () => {
  it.each(DATA_BEARING_TYPES)("passes %s with lifecycle.prevent_destroy", (type) => {
    expectPass(dataPreventDestroy, [resource(type, { lifecycle: { prevent_destroy: true } })], `${type}.r`, PROTECTED);
  });

  it.each(DATA_BEARING_TYPES)("fails synth for %s without lifecycle.prevent_destroy", (type) => {
    expect(expectFlagged(dataPreventDestroy, [resource(type)], `${type}.r`, PROTECTED)).toContain("lifecycle.prevent_destroy not set");
  });

  it("fails synth for a lifecycle block that sets only create_before_destroy", () => {
    const fixture = resource("aws_s3_bucket", { lifecycle: { create_before_destroy: true } });
    expect(expectFlagged(dataPreventDestroy, [fixture], "aws_s3_bucket.r", PROTECTED)).toContain("lifecycle.prevent_destroy not set");
  });

  it("fails synth for prevent_destroy false", () => {
    const fixture = resource("aws_db_instance", { lifecycle: { prevent_destroy: false } });
    expect(expectFlagged(dataPreventDestroy, [fixture], "aws_db_instance.r", PROTECTED)).toContain("lifecycle.prevent_destroy is false");
  });

  it("does not apply outside protected environments", () => {
    expect(resultFor(dataPreventDestroy, [resource("aws_s3_bucket")], "aws_s3_bucket.r", { protected: false }).status).toBe("not-applicable");
  });

  it("does not look at other resources", () => {
    expect(() => resultFor(dataPreventDestroy, [resource("aws_sqs_queue")], "aws_sqs_queue.r", PROTECTED)).toThrow("did not look at");
  });
});

describe("backend-state-encrypted-locked", () => {
  const BACKEND = "terraform.backend.s3";
  const s3Backend = (config: Record<string, unknown>) => ({ s3Backend: { bucket: "state-bucket", key: "app/terraform.tfstate", region: "eu-west-1", ...config } });

  it("passes an encrypted backend locked with a lock file", () => {
    expectPass(backendStateEncryptedLocked, [], BACKEND, s3Backend({ encrypt: true, use_lockfile: true }));
  });

  it("passes an encrypted backend locked with a DynamoDB table", () => {
    expectPass(backendStateEncryptedLocked, [], BACKEND, s3Backend({ encrypt: true, dynamodb_table: "terraform-locks" }));
  });

  it("fails synth, unprotected too, for a backend without encrypt", () => {
    expect(expectFlagged(backendStateEncryptedLocked, [], BACKEND, s3Backend({ use_lockfile: true }))).toContain("encrypt not set (default false)");
  });

  it("fails synth for encrypt false", () => {
    expect(expectFlagged(backendStateEncryptedLocked, [], BACKEND, s3Backend({ encrypt: false, use_lockfile: true }))).toContain("encrypt is false");
  });

  it("fails synth for a backend without locking", () => {
    const message = expectFlagged(backendStateEncryptedLocked, [], BACKEND, s3Backend({ encrypt: true, use_lockfile: false }));
    expect(message).toContain("no locking: use_lockfile is not true and no dynamodb_table is set");
  });

  it("names both problems at once", () => {
    const message = expectFlagged(backendStateEncryptedLocked, [], BACKEND, { ...s3Backend({}), protected: true });
    expect(message).toContain("encrypt not set (default false); no locking");
  });

  it("does not apply to the local backend of offline checks", () => {
    const stack = fixtureStack([]);
    new LocalBackend(stack, { path: "terraform.tfstate" });
    const results = evaluate(stack.toTerraform() as StackJson, { protected: true, rules: [backendStateEncryptedLocked] }).results;
    expect(results.map((r) => [r.subject.address, r.status, r.detail])).toEqual([
      ["terraform.backend.local", "not-applicable", "the local backend is not shared S3 state"],
    ]);
  });
});
