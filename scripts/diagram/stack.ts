/**
 * A read-only model of one synthesized stack (`cdk.tf.json`, or `stack.toTerraform()`): its
 * resources with the module each belongs to, and the references between them. The module is the
 * second segment of a resource's construct path (`staging/ApiService/Service` → `ApiService`),
 * that is the construct id the stack gave the module. The JSON is read through the inspection
 * layer (`inspect/`): resources, references, nested blocks and marks.
 */
import { constructPathOf, type InspectedResource, type Reference, referencesIn, resourcesOf } from "../../inspect";

/** The parts of a synthesized stack the diagram reads. */
export interface SynthesizedStackJson {
  readonly "//"?: { readonly metadata?: { readonly stackName?: string } };
  readonly provider?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

/** One resource of the stack, as the inspection layer reads it, placed in its module. */
export interface StackResource extends Omit<InspectedResource, "path"> {
  /** The construct id of the module that made it (`Database`). */
  readonly module: string;
  /** The construct path inside the module (`Instance`, `Site/Bucket`). */
  readonly localPath: string;
}

/** A reference to a resource of the stack in a Terraform expression: `${aws_s3_bucket.Media_Bucket_X.arn}`. */
export interface ResourceReference {
  readonly resource: StackResource;
  /** What follows the address: `arn`, `master_user_secret[0].secret_arn`, or "" for the address alone. */
  readonly attribute: string;
}

/** Codepoint order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Unique values, in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

export class StackModel {
  /** Every resource, by address. */
  readonly resources: readonly StackResource[];
  private readonly byAddress: ReadonlyMap<string, StackResource>;

  constructor(readonly json: SynthesizedStackJson) {
    const resources: StackResource[] = resourcesOf(json).map(({ type, name, address, values, marks }) => {
      // `<stack>/<module>/<...>`; a resource made directly in the stack is its own module.
      const segments = (constructPathOf(marks) ?? name).split("/");
      const module = segments.length >= 2 ? segments[1]! : segments[0]!;
      return { type, name, address, module, localPath: segments.slice(2).join("/") || module, values, marks };
    });
    resources.sort((a, b) => compareText(a.address, b.address));
    this.resources = resources;
    this.byAddress = new Map(resources.map((r) => [r.address, r]));
  }

  /** The AWS provider's region, when it is a literal. */
  get region(): string | undefined {
    const region = this.json.provider?.aws?.[0]?.region;
    return typeof region === "string" ? region : undefined;
  }

  /** A tag every resource gets from the provider's `default_tags` (`Project`, `Environment`). */
  defaultTag(key: string): string | undefined {
    const defaults = this.json.provider?.aws?.[0]?.default_tags;
    const first = Array.isArray(defaults) ? (defaults[0] as { tags?: Record<string, unknown> } | undefined) : undefined;
    const value = first?.tags?.[key];
    return typeof value === "string" ? value : undefined;
  }

  /** The modules, in name order. */
  get modules(): string[] {
    return unique(this.resources.map((r) => r.module)).sort(compareText);
  }

  ofType(type: string, module?: string): StackResource[] {
    return this.resources.filter((r) => r.type === type && (module === undefined || r.module === module));
  }

  inModule(module: string): StackResource[] {
    return this.resources.filter((r) => r.module === module);
  }

  get(address: string): StackResource | undefined {
    return this.byAddress.get(address);
  }

  /**
   * Every reference to a resource of the stack inside a value (strings, lists, objects, and the
   * JSON documents kept as strings, such as policies), in order of appearance.
   */
  referencesIn(value: unknown): ResourceReference[] {
    return referencesIn(value).flatMap((ref: Reference) => {
      const resource = this.byAddress.get(ref.address);
      return resource === undefined ? [] : [{ resource, attribute: ref.attribute }];
    });
  }

  /** The resource a value refers to, when the value refers to one (`${aws_sns_topic.T.arn}` → the topic). */
  target(value: unknown): StackResource | undefined {
    return this.referencesIn(value)[0]?.resource;
  }
}
