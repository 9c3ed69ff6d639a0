import * as fs from "node:fs";
import * as path from "node:path";
import { Lazy } from "cdktf";
import { buildStack } from "../../environments";
import * as tokenTraces from "../../environments/token-traces";
import { limitTokenTraces, restoreTokenTraces, TOKEN_TRACE_FRAMES } from "../../environments/token-traces";
import { testOutdir } from "../support/outdir";

/** A function nested deeper than the kept frames, so a full trace would be longer. */
function nested(depth: number, make: () => { creationStack: string[] }): { creationStack: string[] } {
  return depth === 0 ? make() : nested(depth - 1, make);
}
const lazy = () => Lazy.anyValue({ produce: () => "x" }) as unknown as { creationStack: string[] };

describe("token creation traces", () => {
  afterEach(limitTokenTraces);

  test("keep the nearest frames only, starting where the token was made", () => {
    limitTokenTraces();
    const trace = nested(30, lazy).creationStack;
    expect(trace).toHaveLength(TOKEN_TRACE_FRAMES);
    expect(trace.slice(0, 3).join("\n")).toMatch(/lazy|nested|token-traces\.test/);
  });

  test("frames are V8's own text, and the process's stack formatter and limit are left as they were", () => {
    limitTokenTraces();
    const formatter = Error.prepareStackTrace;
    const limit = Error.stackTraceLimit;
    const trace = nested(3, lazy).creationStack;
    expect(trace.every((frame) => typeof frame === "string" && !frame.startsWith("at "))).toBe(true);
    expect(trace.some((frame) => frame.includes("token-traces.test"))).toBe(true);
    expect(Error.prepareStackTrace).toBe(formatter);
    expect(Error.stackTraceLimit).toBe(limit);
    // An error thrown afterwards still gets the usual formatting.
    expect(new Error("after").stack).toMatch(/^Error: after\n\s+at /);
  });

  test("cdktf's own capture is unlimited, so the replacement is what shortens them", () => {
    restoreTokenTraces();
    expect(nested(30, lazy).creationStack.length).toBeGreaterThan(30);
  });

  test("the synthesized stack is byte for byte the same either way", () => {
    // Production: the largest stack, with every module.
    const synth = (name: string): string => {
      const outdir = path.join(testOutdir(), name);
      buildStack("production", { outdir }).app.synth();
      return fs.readFileSync(path.join(outdir, "stacks", "production", "cdk.tf.json"), "utf8");
    };
    const limited = synth("limited");
    // buildApp limits traces itself: swap its call for cdktf's own capture for this one synth.
    const spy = jest.spyOn(tokenTraces, "limitTokenTraces").mockImplementation(() => restoreTokenTraces());
    try {
      const full = synth("full");
      expect(spy).toHaveBeenCalled();
      expect(full).toEqual(limited);
    } finally {
      spy.mockRestore();
    }
  });
});
