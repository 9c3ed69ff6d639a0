import { setupJest } from "cdktf/lib/testing/adapters/jest";
import { limitTokenTraces } from "../../environments/token-traces";
import { removeTestOutdir } from "./outdir";

// Adds cdktf's matchers (toHaveResourceWithProperties, ...) to expect.
setupJest();
// Every stack a test builds, with or without buildApp, records short token traces (see token-traces.ts).
limitTokenTraces();

afterAll(removeTestOutdir);

// Stacks the tests break on purpose fail warning-level policy rules too, and the pack prints
// those to stderr by default: keep them out of the run's output, where they would read as
// problems of the real stacks. (Tests of warnings pass their own onWarning or capture stderr;
// the real stacks' warning counts are asserted by the synth summary tests.)
const writeStderr = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
  typeof chunk === "string" && chunk.startsWith("warning: policy ") ? true : (writeStderr as (...args: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stderr.write;
