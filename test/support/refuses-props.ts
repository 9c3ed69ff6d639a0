import { PropProblem, PropsError } from "../../modules/shared/errors";

/** One bad-props case: a label for the test's name, the props that differ from a valid build, and the message expected. */
export type PropsCase<P> = readonly [label: string, overrides: Partial<P>, message: RegExp];

export interface RefusesPropsOptions<P> {
  /** Builds the module with a valid set of props, changed by the overrides. */
  readonly build: (overrides: Partial<P>) => unknown;
  /**
   * The module's exported prop check on the same props (no construct built). With it, each case
   * also proves that the check a config runs before synth finds the same problem.
   */
  readonly check?: (overrides: Partial<P>) => readonly PropProblem[];
}

/** `<prop> <expected>; got <given>`, as a PropsError prints one problem. */
function line(problem: PropProblem): string {
  return new PropsError("", "", [problem]).message.replace(/^ "": /, "");
}

/**
 * One test per case, "fails on <label>": building throws a {@link PropsError} whose message
 * matches, and (with `check`) the exported check reports a problem matching it too.
 */
export function testRefusedProps<P>(cases: readonly PropsCase<P>[], options: RefusesPropsOptions<P>): void {
  test.each(cases.map((c) => [...c] as [string, Partial<P>, RegExp]))("fails on %s", (_label, overrides, message) => {
    let thrown: unknown;
    try {
      options.build(overrides);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PropsError);
    expect((thrown as Error).message).toMatch(message);
    if (options.check !== undefined) {
      expect(options.check(overrides).map(line)).toContainEqual(expect.stringMatching(message));
    }
  });
}
