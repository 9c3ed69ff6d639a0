/**
 * `suppress`: switching policy rules off for a construct, with a reason. A leaf: it imports
 * nothing of the pack, so modules can call it without loading the engine or the rules. The
 * engine reads what it records: the `policy_suppressions` mark of each resource, and the stack's
 * `policy_pack.backend_suppressions`.
 */
import { TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

/** A rule switched off for one resource, with the reason a reviewer reads in the report. */
export interface Suppression {
  /** The id of the rule to suppress, e.g. `ecs-service-no-public-ip`. */
  readonly id: string;
  /** Why the finding is a deliberate choice: at least a full sentence. */
  readonly reason: string;
}

/** The mark (under `//` of each resource) the suppressions of a resource are recorded in. */
export const SUPPRESSIONS_MARK = "policy_suppressions";

/** A suppression without a real reason, or of something that is not a construct with resources. */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyError";
  }
}

const recorded = new WeakMap<IConstruct, Suppression[]>();
const MIN_REASON_WORDS = 5;
const MIN_REASON_LENGTH = 30;

/** Why a reason is not good enough, or undefined when it is. */
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== "string") return "needs a reason";
  const text = reason.trim();
  const words = text.split(/\s+/).filter((w) => w.length > 0).length;
  if (text.length < MIN_REASON_LENGTH || words < MIN_REASON_WORDS) {
    return `needs a reason of at least a sentence (${MIN_REASON_WORDS} words, ${MIN_REASON_LENGTH} characters) saying why the finding is deliberate; got ${JSON.stringify(reason)}`;
  }
  if (/\b(todo|fixme|tbd)\b/i.test(text)) return `needs a real reason, not a placeholder; got ${JSON.stringify(reason)}`;
  return undefined;
}

/**
 * Switches policy rules off for a construct: for a resource, for every resource beneath any
 * other construct, and for a stack also for its backend. Each suppression needs the rule's id
 * and a reason of at least a sentence; both are written into the synthesized JSON (`"//"` of
 * each resource) and listed by the policy report. An id that is not a rule of the pack fails
 * synth.
 */
export function suppress(construct: IConstruct, suppressions: readonly Suppression[]): void {
  const problems = suppressions.flatMap((s, i) => {
    const out: string[] = [];
    if (typeof s.id !== "string" || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s.id)) out.push(`suppressions[${i}].id must be a rule id such as "s3-bucket-versioning"; got ${JSON.stringify(s.id)}`);
    const problem = reasonProblem(s.reason);
    if (problem !== undefined) out.push(`suppressions[${i}] (${String(s.id)}) ${problem}`);
    return out;
  });
  if (problems.length > 0) throw new PolicyError(`suppress "${construct.node.path}": ${problems.join("; ")}`);

  const resources = construct.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
  const isStack = TerraformStack.isStack(construct);
  if (resources.length === 0 && !isStack) {
    throw new PolicyError(`suppress "${construct.node.path}": the construct has no resources to suppress rules on`);
  }
  const add = (target: IConstruct): Suppression[] => {
    const list = recorded.get(target) ?? [];
    for (const s of suppressions) if (!list.some((r) => r.id === s.id)) list.push({ id: s.id, reason: s.reason.trim() });
    recorded.set(target, list);
    return list;
  };
  for (const resource of resources) resource.addOverride(`//.${SUPPRESSIONS_MARK}`, [...add(resource)]);
  if (isStack) (construct as TerraformStack).addOverride("//.policy_pack.backend_suppressions", [...add(construct)]);
}
