/**
 * The resources of a synthesized stack (`stack.toTerraform()` or `cdk.tf.json`), by type.
 */
import { constructPathOf, marksOf, withoutMarks } from "./marks";

/** One resource's JSON: its arguments, and its marks under `//`. */
export type ResourceJson = Readonly<Record<string, unknown>>;

/** The part of a synthesized stack this layer reads: its resources by type, then by Terraform name. */
export interface StackResources {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, ResourceJson>>>>;
}

/** One resource of the stack, read. */
export interface InspectedResource {
  /** `aws_db_instance` */
  readonly type: string;
  /** The Terraform name, `Database_Instance_02E622FB`. */
  readonly name: string;
  /** `type.name`, as `terraform plan` prints it. */
  readonly address: string;
  /** The construct path (`staging/Database/Instance`), or the address when cdktf recorded none. */
  readonly path: string;
  /** The arguments, snake_case, with Terraform references as `${...}` strings; without the marks. */
  readonly values: Readonly<Record<string, unknown>>;
  /** What is recorded under `//` (see marks.ts). */
  readonly marks: Readonly<Record<string, unknown>>;
}

function inspected(type: string, name: string, json: ResourceJson): InspectedResource {
  const marks = marksOf(json);
  const address = `${type}.${name}`;
  return { type, name, address, path: constructPathOf(marks) ?? address, values: withoutMarks(json), marks };
}

/** Every resource of the stack, in the order of the JSON (type by type). */
export function resourcesOf(stack: StackResources): InspectedResource[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, json]) => inspected(type, name, json)));
}

/** The resources of one type, in the order of the JSON (empty when there are none). */
export function resourcesOfType(stack: StackResources, type: string): InspectedResource[] {
  return Object.entries(stack.resource?.[type] ?? {}).map(([name, json]) => inspected(type, name, json));
}

/** One resource by type and name. */
export function resourceAt(stack: StackResources, type: string, name: string): InspectedResource | undefined {
  const json = stack.resource?.[type]?.[name];
  return json === undefined ? undefined : inspected(type, name, json);
}

/** The resource types of the stack, in the order of the JSON. */
export function resourceTypesOf(stack: StackResources): string[] {
  return Object.keys(stack.resource ?? {});
}
