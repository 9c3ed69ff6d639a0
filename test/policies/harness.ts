import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformResource, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { applyPolicyPack, evaluate, PolicyReport, RuleResult, StackJson } from "../../policies";
import type { Rule, Suppression } from "../../policies";
import { suppress } from "../../policies";
import { testApp } from "../support/synth";

/**
 * One resource of a test stack, written as it appears in the synthesized JSON (snake_case keys,
 * references as `${type.name.attribute}`). Its Terraform name is `name`, so fixtures can refer to
 * each other: `bucket: "${aws_s3_bucket.b.id}"`.
 */
export interface Fixture {
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, unknown>;
  readonly suppressions?: readonly Suppression[];
}

export interface FixtureOptions {
  /** @default false */
  readonly protected?: boolean;
  /** An S3 backend config for the stack (snake_case, as synthesized). */
  readonly s3Backend?: Record<string, unknown>;
  /** The permissions boundary the stack's roles must carry (an environment's stack). */
  readonly permissionsBoundaryArn?: string;
}

/** A resource with attributes given as synthesized JSON. */
class RawResource extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    type: string,
    private readonly values: Record<string, unknown>,
  ) {
    super(scope, id, { terraformResourceType: type });
    // cdktf writes its own (empty) lifecycle block over a synthesized one: set it as an override.
    if (values.lifecycle !== undefined) this.addOverride("lifecycle", values.lifecycle);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.values;
  }
}

/** A stack holding the fixtures, with an AWS provider. */
export function fixtureStack(fixtures: readonly Fixture[], options: FixtureOptions = {}): TerraformStack {
  const stack = new TerraformStack(testApp(), "policy-test");
  new AwsProvider(stack, "Aws", { region: "eu-west-1" });
  if (options.s3Backend !== undefined) {
    new S3Backend(stack, { bucket: "state-bucket", key: "k" });
    stack.addOverride("terraform.backend.s3", options.s3Backend);
  }
  for (const f of fixtures) addFixture(stack, f);
  return stack;
}

/** Adds one fixture under any construct (its Terraform name then carries the construct's path). */
export function addFixture(scope: Construct, fixture: Fixture): TerraformResource {
  const resource = new RawResource(scope, fixture.name, fixture.type, fixture.values);
  if (fixture.suppressions !== undefined) suppress(resource, fixture.suppressions);
  return resource;
}

/** Runs one rule over the fixtures. */
export function reportFor(rule: Rule, fixtures: readonly Fixture[], options: FixtureOptions = {}): PolicyReport {
  const stack = fixtureStack(fixtures, options);
  return evaluate(stack.toTerraform() as StackJson, {
    protected: options.protected ?? false,
    rules: [rule],
    ...(options.permissionsBoundaryArn === undefined ? {} : { permissionsBoundaryArn: options.permissionsBoundaryArn }),
  });
}

/** The rule's result on one subject (`aws_s3_bucket.b`, or `terraform.backend.s3`). */
export function resultFor(rule: Rule, fixtures: readonly Fixture[], address: string, options: FixtureOptions = {}): RuleResult {
  const result = reportFor(rule, fixtures, options).results.find((r) => r.subject.address === address);
  if (result === undefined) throw new Error(`${rule.id} did not look at ${address}`);
  return result;
}

/** Asserts the rule passes the subject (not merely "not applicable"). */
export function expectPass(rule: Rule, fixtures: readonly Fixture[], address: string, options: FixtureOptions = {}): void {
  const result = resultFor(rule, fixtures, address, options);
  expect({ status: result.status, detail: result.detail }).toEqual({ status: "pass", detail: undefined });
}

/**
 * Asserts the rule flags the subject through a real synth with the pack applied: an error-level
 * rule fails synth naming the rule, the resource and its path; a warning is reported and synth
 * goes on. Returns the message, for further matching.
 */
export function expectFlagged(rule: Rule, fixtures: readonly Fixture[], address: string, options: FixtureOptions = {}): string {
  const stack = fixtureStack(fixtures, options);
  const warnings: string[] = [];
  applyPolicyPack(stack, {
    protected: options.protected ?? false,
    rules: [rule],
    onWarning: (w) => warnings.push(w),
    ...(options.permissionsBoundaryArn === undefined ? {} : { permissionsBoundaryArn: options.permissionsBoundaryArn }),
  });
  const path = address.startsWith("terraform.backend.") ? "policy-test" : `policy-test/${address.split(".")[1]}`;
  let message = "";
  try {
    Testing.synth(stack, true);
  } catch (e) {
    message = (e as Error).message;
  }
  if (rule.level === "error") {
    expect(message).toContain(`policy ${rule.id} (error)`);
    expect(message).toContain(`${address} at ${path}`);
    expect(warnings).toEqual([]);
    return message;
  }
  expect(message).toBe("");
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(`policy ${rule.id} (warning)`);
  expect(warnings[0]).toContain(`${address} at ${path}`);
  return warnings[0]!;
}
