/**
 * A read-only model of one synthesized stack (`cdk.tf.json`, or `stack.toTerraform()`): its
 * resources with the module each belongs to, and the references between them. The module is the
 * second segment of a resource's construct path (`staging/ApiService/Service` → `ApiService`),
 * that is the construct id the stack gave the module.
 */

/** The parts of a synthesized stack the diagram reads. */
export interface SynthesizedStackJson {
  readonly "//"?: { readonly metadata?: { readonly stackName?: string } };
  readonly provider?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

/** One resource of the stack. */
export interface StackResource {
  /** `aws_db_instance` */
  readonly type: string;
  /** The Terraform name, `Database_Instance_02E622FB`. */
  readonly name: string;
  /** `aws_db_instance.Database_Instance_02E622FB` */
  readonly address: string;
  /** The construct id of the module that made it (`Database`). */
  readonly module: string;
  /** The construct path inside the module (`Instance`, `Site/Bucket`). */
  readonly localPath: string;
  /** The resource's arguments, without cdktf's `//` metadata. */
  readonly values: Readonly<Record<string, unknown>>;
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

const EXPRESSION = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
const ADDRESS = /(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)/g;

export class StackModel {
  /** Every resource, by address. */
  readonly resources: readonly StackResource[];
  private readonly byAddress: ReadonlyMap<string, StackResource>;

  constructor(readonly json: SynthesizedStackJson) {
    const resources: StackResource[] = [];
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, raw] of Object.entries(byName)) {
        const { "//": meta, ...values } = raw as Record<string, unknown> & { "//"?: { metadata?: { path?: string } } };
        const segments = (meta?.metadata?.path ?? name).split("/");
        // `<stack>/<module>/<...>`; a resource made directly in the stack is its own module.
        const module = segments.length >= 2 ? segments[1]! : segments[0]!;
        resources.push({ type, name, address: `${type}.${name}`, module, localPath: segments.slice(2).join("/") || module, values });
      }
    }
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
    const found: ResourceReference[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === "string") {
        for (const expression of v.matchAll(EXPRESSION)) {
          for (const match of expression[1]!.matchAll(ADDRESS)) {
            const resource = this.byAddress.get(`${match[1]}.${match[2]}`);
            if (resource !== undefined) found.push({ resource, attribute: (match[3] ?? "").replace(/^\./, "") });
          }
        }
      } else if (Array.isArray(v)) {
        v.forEach(visit);
      } else if (typeof v === "object" && v !== null) {
        for (const [key, inner] of Object.entries(v)) if (key !== "//") visit(inner);
      }
    };
    visit(value);
    return found;
  }

  /** The resource a value refers to, when the value refers to one (`${aws_sns_topic.T.arn}` → the topic). */
  target(value: unknown): StackResource | undefined {
    return this.referencesIn(value)[0]?.resource;
  }
}

/** A string attribute, when it is a literal (not missing, not a Terraform expression). */
export function literal(value: unknown): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string" || value.includes("${")) return undefined;
  return value;
}

/** A nested block, whether cdktf wrote it as an object or as a list of one. */
export function block(value: unknown): Readonly<Record<string, unknown>> | undefined {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === "object" && first !== null ? (first as Record<string, unknown>) : undefined;
}

/** A repeated block or list attribute as a list (empty when missing). */
export function blocks(value: unknown): Readonly<Record<string, unknown>>[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  return list.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
}

/** A list of strings (a lone string is a list of one). */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? (value as unknown[]) : [value]).filter((v): v is string => typeof v === "string");
}

/** An IAM policy statement, lists normalized. */
export interface PolicyStatement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** The statements of a policy document kept as a JSON string (empty when it cannot be read). */
export function statementsOf(policy: unknown): PolicyStatement[] {
  let doc: unknown = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch {
      return [];
    }
  }
  const statement = (doc as { Statement?: unknown } | undefined)?.Statement;
  return blocks(statement).map((s) => ({
    effect: typeof s.Effect === "string" ? s.Effect : "Allow",
    actions: strings(s.Action),
    resources: strings(s.Resource),
  }));
}
