import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { ALL_RULES, StackJson } from "../../policies";
import { DYNAMODB_RULES } from "../../policies/rules/dynamodb";
import { dynamodbDeletionProtection } from "../../policies/rules/dynamodb/dynamodb-deletion-protection";
import { dynamodbPitr } from "../../policies/rules/dynamodb/dynamodb-pitr";
import { dataPreventDestroy } from "../../policies/rules/data/data-prevent-destroy";
import { testApp } from "../support/synth";
import { expectFlagged, expectPass, Fixture, reportFor, resultFor } from "./harness";

const TABLE = "aws_dynamodb_table.Items";
const PROTECTED = { protected: true };

/** A table synthesized by the provider binding, read back as a fixture (the JSON the binding writes). */
function tableFixture(): Fixture {
  const stack = new TerraformStack(testApp(), "fixtures");
  new AwsProvider(stack, "Aws", { region: "eu-west-1" });
  new DynamodbTable(stack, "Items", {
    name: "app-items",
    billingMode: "PAY_PER_REQUEST",
    hashKey: "pk",
    rangeKey: "sk",
    attribute: [
      { name: "pk", type: "S" },
      { name: "sk", type: "S" },
    ],
    streamEnabled: true,
    streamViewType: "NEW_AND_OLD_IMAGES",
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true },
    deletionProtectionEnabled: true,
    lifecycle: { preventDestroy: true },
  });
  const json = stack.toTerraform() as StackJson;
  const { "//": _metadata, ...values } = json.resource!.aws_dynamodb_table!.Items! as Record<string, unknown>;
  return { type: "aws_dynamodb_table", name: "Items", values };
}

const BASE = tableFixture();
/** The table with its values replaced by `change(values)`. */
const table = (change: (values: Record<string, unknown>) => Record<string, unknown>): Fixture[] => [{ ...BASE, values: change({ ...BASE.values }) }];
const omit = (values: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(values).filter(([k]) => !keys.includes(k)));

describe("the dynamodb group", () => {
  it("passes the table of the fixture on every rule of the pack, protected or not", () => {
    const failures = (options = {}) =>
      ALL_RULES.flatMap((rule) => reportFor(rule, [BASE], options).results.filter((r) => r.status === "fail").map((r) => `${rule.id} ${r.subject.address}`));
    expect(failures()).toEqual([]);
    expect(failures(PROTECTED)).toEqual([]);
  });

  it("judges the table, rather than finding it not applicable", () => {
    const statuses = DYNAMODB_RULES.map((rule) => `${rule.id} ${resultFor(rule, [BASE], TABLE, PROTECTED).status}`);
    expect(statuses).toEqual(["dynamodb-pitr pass", "dynamodb-deletion-protection pass"]);
  });
});

describe("dynamodb-pitr", () => {
  it("passes point_in_time_recovery enabled, as a boolean or the string Terraform also takes", () => {
    expectPass(dynamodbPitr, [BASE], TABLE);
    expectPass(dynamodbPitr, table((v) => ({ ...v, point_in_time_recovery: [{ enabled: "true" }] })), TABLE);
  });

  it("fails synth, unprotected too, for a table without the block", () => {
    expect(expectFlagged(dynamodbPitr, table((v) => omit(v, "point_in_time_recovery")), TABLE)).toContain(
      "point_in_time_recovery is not set (off): set point_in_time_recovery { enabled = true }",
    );
  });

  it("fails synth for enabled false, or missing from the block", () => {
    expect(expectFlagged(dynamodbPitr, table((v) => ({ ...v, point_in_time_recovery: { enabled: false } })), TABLE)).toContain("point_in_time_recovery.enabled is false");
    expect(expectFlagged(dynamodbPitr, table((v) => ({ ...v, point_in_time_recovery: { recovery_period_in_days: 35 } })), TABLE)).toContain("point_in_time_recovery.enabled is false");
  });

  it("fails synth for a flag it cannot read", () => {
    expect(expectFlagged(dynamodbPitr, table((v) => ({ ...v, point_in_time_recovery: { enabled: "${var.pitr}" } })), TABLE)).toContain("which the pack cannot read at synth");
  });
});

describe("dynamodb-deletion-protection", () => {
  it("passes deletion_protection_enabled in a protected environment", () => {
    expectPass(dynamodbDeletionProtection, [BASE], TABLE, PROTECTED);
  });

  it("fails synth, protected, for a table without it or with it false", () => {
    expect(expectFlagged(dynamodbDeletionProtection, table((v) => omit(v, "deletion_protection_enabled")), TABLE, PROTECTED)).toContain(
      "deletion_protection_enabled not set (provider default false)",
    );
    expect(expectFlagged(dynamodbDeletionProtection, table((v) => ({ ...v, deletion_protection_enabled: false })), TABLE, PROTECTED)).toContain(
      "deletion_protection_enabled is false",
    );
  });

  it("does not apply outside protected environments", () => {
    expect(resultFor(dynamodbDeletionProtection, table((v) => omit(v, "deletion_protection_enabled")), TABLE).status).toBe("not-applicable");
  });

  it("comes with data-prevent-destroy on the table, which asks for lifecycle.prevent_destroy as well", () => {
    expectPass(dataPreventDestroy, [BASE], TABLE, PROTECTED);
    expect(expectFlagged(dataPreventDestroy, table((v) => omit(v, "lifecycle")), TABLE, PROTECTED)).toContain("lifecycle.prevent_destroy not set");
  });
});
