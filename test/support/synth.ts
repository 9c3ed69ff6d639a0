import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { testOutdir } from "./outdir";

/** A synthesized stack: the parts the tests read. */
export interface SynthesizedStack {
  readonly terraform?: { backend?: Record<string, Record<string, unknown>>; required_version?: string };
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; description?: string }>;
}

/** An app for tests, writing into the test file's scratch folder. */
export function testApp(): App {
  return Testing.app({ outdir: testOutdir() });
}

/** An empty stack with an AWS provider, to put one construct in; pinned to an account when given (the IAM model reads it). */
export function testStack(region = "eu-west-1", accountId?: string): TerraformStack {
  const stack = new TerraformStack(testApp(), "test");
  new AwsProvider(stack, "Aws", { region, ...(accountId === undefined ? {} : { allowedAccountIds: [accountId] }) });
  return stack;
}

/** Synthesizes a stack and parses its JSON. */
export function synthJson(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** The resources of one type, by their Terraform name (empty when there are none). */
export function resourcesOf(json: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The resources of one type, as a list. */
export function resourceList(json: SynthesizedStack, type: string): Record<string, unknown>[] {
  return Object.values(resourcesOf(json, type));
}

/** How many resources of one type the stack has. */
export function countOf(json: SynthesizedStack, type: string): number {
  return Object.keys(resourcesOf(json, type)).length;
}

/** Every resource count by type, for asserting a stack's whole shape. */
export function resourceCounts(json: SynthesizedStack): Record<string, number> {
  return Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length]));
}

/** The single resource of a type; fails the test when there is not exactly one. */
export function onlyResource(json: SynthesizedStack, type: string): Record<string, unknown> {
  const list = resourceList(json, type);
  if (list.length !== 1) throw new Error(`expected exactly one ${type}, found ${list.length}`);
  return list[0]!;
}

/** The address (`aws_vpc.Network_Vpc_XXXX`) of the only resource of a type whose name starts with a prefix. */
export function addressOf(json: SynthesizedStack, type: string, namePrefix: string): string {
  const names = Object.keys(resourcesOf(json, type)).filter((n) => n.startsWith(namePrefix));
  if (names.length !== 1) throw new Error(`expected one ${type} named ${namePrefix}*, found ${names.join(", ") || "none"}`);
  return `${type}.${names[0]}`;
}

/** The Terraform reference (`${aws_vpc.Network_Vpc_XXXX.id}`) to an attribute of that resource. */
export function refTo(json: SynthesizedStack, type: string, namePrefix: string, attribute: string): string {
  return `\${${addressOf(json, type, namePrefix)}.${attribute}}`;
}

/** Parses a JSON-string attribute (policies) of a synthesized resource. */
export function parseJsonAttribute<T = Record<string, unknown>>(value: unknown): T {
  if (typeof value !== "string") throw new Error(`expected a JSON string, got ${typeof value}`);
  return JSON.parse(value) as T;
}

/** An IAM policy statement as a synthesized policy document holds it. */
export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal?: Record<string, string>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** The IAM role of that name (`name`, not the Terraform address); throws when there is none. */
export function roleNamed(json: SynthesizedStack, name: string): Record<string, unknown> {
  const role = resourceList(json, "aws_iam_role").find((r) => r.name === name);
  if (role === undefined) throw new Error(`no role ${name}`);
  return role;
}

/** The trust policy's statements of the IAM role of that name. */
export function trustOf(json: SynthesizedStack, name: string): PolicyStatement[] {
  return parseJsonAttribute<{ Statement: PolicyStatement[] }>(roleNamed(json, name).assume_role_policy).Statement;
}
