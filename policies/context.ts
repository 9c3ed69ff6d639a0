import { parseReference, resourcesOf } from "../inspect";
import { SUPPRESSIONS_MARK } from "./suppress";
import type { PolicyContext, PolicySubject, Suppression } from "./types";

/** The parts of a synthesized stack (cdk.tf.json) the pack reads. */
export interface StackJson {
  readonly "//"?: { readonly metadata?: { readonly stackName?: string }; readonly policy_pack?: PolicyPackMetadata };
  readonly terraform?: { readonly backend?: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

/** What `applyPolicyPack` records in the stack's metadata, so a report can be made from the JSON alone. */
export interface PolicyPackMetadata {
  readonly protected: boolean;
  /** The permissions boundary every role of the stack must carry (an environment's). */
  readonly permissions_boundary?: string;
  /** Suppressions that apply to the stack's backend. */
  readonly backend_suppressions?: readonly Suppression[];
  /** The config keys that set attributes, by resource type and attribute (`markConfigKeys`). */
  readonly config_keys?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The stack's name, from cdktf's metadata. */
export function stackNameOf(json: StackJson): string {
  return json["//"]?.metadata?.stackName ?? "stack";
}

/** Every resource of the stack, and its backend, as subjects. */
export function subjectsOf(json: StackJson): PolicySubject[] {
  const configKeys = json["//"]?.policy_pack?.config_keys ?? {};
  const subjects: PolicySubject[] = resourcesOf(json).map(({ type, name, address, path, values, marks }) => {
    const recorded = marks[SUPPRESSIONS_MARK];
    const wellFormed = recorded === undefined || (Array.isArray(recorded) && recorded.every(isSuppression));
    return {
      type,
      name,
      address,
      path,
      values,
      ...(configKeys[type] === undefined ? {} : { configKeys: configKeys[type] }),
      suppressions: wellFormed ? ((recorded as Suppression[] | undefined) ?? []) : [],
      ...(wellFormed ? {} : { suppressionProblem: `${SUPPRESSIONS_MARK} must be a list of { id, reason }; got ${JSON.stringify(recorded)}` }),
    };
  });
  for (const [kind, config] of Object.entries(json.terraform?.backend ?? {})) {
    subjects.push({
      type: "terraform_backend",
      name: kind,
      address: `terraform.backend.${kind}`,
      path: stackNameOf(json),
      values: config,
      suppressions: json["//"]?.policy_pack?.backend_suppressions ?? [],
    });
  }
  return subjects;
}

function isSuppression(value: unknown): value is Suppression {
  return typeof value === "object" && value !== null && typeof (value as Suppression).id === "string" && typeof (value as Suppression).reason === "string";
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The context rules see: lookups over the stack's subjects. */
export function contextOf(subjects: readonly PolicySubject[], isProtected: boolean, permissionsBoundaryArn?: string): PolicyContext {
  const byAddress = new Map(subjects.map((s) => [s.address, s]));
  const byType = new Map<string, PolicySubject[]>();
  for (const s of subjects) byType.set(s.type, [...(byType.get(s.type) ?? []), s]);
  const serialized = new Map<PolicySubject, string>();
  const textOf = (s: PolicySubject): string => {
    let text = serialized.get(s);
    if (text === undefined) {
      text = JSON.stringify(s.values);
      serialized.set(s, text);
    }
    return text;
  };
  const resolve = (reference: unknown): PolicySubject | undefined => {
    const parsed = parseReference(reference);
    return parsed === undefined ? undefined : byAddress.get(parsed.address);
  };
  return {
    protected: isProtected,
    ...(permissionsBoundaryArn === undefined ? {} : { permissionsBoundaryArn }),
    subjects,
    ofType: (type) => byType.get(type) ?? [],
    resolve,
    referrers: (type, attribute, target) => (byType.get(type) ?? []).filter((s) => resolve(s.values[attribute]) === target),
    mentionsOf: (target) => {
      const pattern = new RegExp(`(^|[^A-Za-z0-9_.])${escapeRegExp(target.address)}[.[]`);
      return subjects.filter((s) => s !== target && pattern.test(textOf(s)));
    },
  };
}
