import { parseJsonAttribute, Parsed } from "../../json";
import { fail, PolicySubject, Verdict, verdictOf } from "../../types";

/** One container of a task definition's `container_definitions`, as ECS reads it (camelCase). */
export interface Container {
  /** `container app`, or `container[1]` for a container without a name. */
  readonly label: string;
  readonly definition: Readonly<Record<string, unknown>>;
}

/** The containers of an `aws_ecs_task_definition`; an unreadable `container_definitions` is an error. */
export function containersOf(task: PolicySubject): Parsed<readonly Container[]> {
  const parsed = parseJsonAttribute(task.values.container_definitions, "container_definitions");
  if (!parsed.ok) return parsed;
  if (!Array.isArray(parsed.value)) return { ok: false, detail: "container_definitions is not a JSON array" };
  const containers: Container[] = [];
  for (const [i, definition] of parsed.value.entries()) {
    if (typeof definition !== "object" || definition === null || Array.isArray(definition)) {
      return { ok: false, detail: `container_definitions[${i}] is not an object` };
    }
    const record = definition as Record<string, unknown>;
    containers.push({ label: typeof record.name === "string" ? `container ${record.name}` : `container[${i}]`, definition: record });
  }
  return { ok: true, value: containers };
}

/** Judges every container of the task: fails with the problems `problemsOf` finds, or with why the containers cannot be read. */
export function judgeContainers(task: PolicySubject, problemsOf: (container: Container) => readonly string[]): Verdict {
  const containers = containersOf(task);
  return containers.ok ? verdictOf(containers.value.flatMap(problemsOf)) : fail(containers.detail);
}
