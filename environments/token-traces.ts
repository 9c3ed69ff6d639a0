/**
 * cdktf records where every token was created: each `Intrinsic` (every resource attribute
 * reference, every `Lazy`) captures a stack trace with no frame limit and formats it at once. The
 * trace only ever appears in the message of an error about that token, yet on this project's
 * stacks it costs about a tenth of a synth, and under Jest (whose source maps format each
 * frame) about 40 % of the suite's time.
 *
 * {@link limitTokenTraces} keeps the first {@link TOKEN_TRACE_FRAMES} frames instead: the
 * frames nearest the token's creation, which are the ones such a message needs, each as V8
 * writes it (`fn (file:line:column)`): without the source-map lookups that tsx and Jest install
 * for every frame, which cost more than the capture (about a third of a unit test file's time).
 * Under tsx and Jest those positions are of the transpiled code. The synthesized JSON is byte
 * for byte the same (a test holds it to that).
 *
 * Escape hatch: cdktf exposes no setting for this (its `stackTraces: false` app option drops only
 * construct metadata), so the function replaces the exported `captureStackTrace` of cdktf's
 * private `stack-trace` module, which its callers look up at each call. A test checks the
 * replacement takes effect, so a cdktf upgrade that changes the module fails loudly.
 */
// The module's own exports object is what its callers read; a namespace import may be a copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import stackTraceModule = require("cdktf/lib/tokens/private/stack-trace");

/** Frames kept per token creation trace. */
export const TOKEN_TRACE_FRAMES = 10;

type Capture = (below?: (...args: never[]) => unknown) => string[];
const target = stackTraceModule as unknown as { captureStackTrace: Capture };
const original = target.captureStackTrace;

/** Each frame as V8 writes it (`fn (file:line:column)`), without the source-map lookups tsx and Jest install. */
const plainFrames = (_error: Error, frames: NodeJS.CallSite[]): string[] => frames.map((frame) => frame.toString());

const captureShortStackTrace: Capture = function captureShortStackTrace(below) {
  const holder: { stack?: unknown } = {};
  const previousLimit = Error.stackTraceLimit;
  const previousPrepare = Error.prepareStackTrace;
  try {
    Error.stackTraceLimit = TOKEN_TRACE_FRAMES;
    Error.prepareStackTrace = plainFrames;
    Error.captureStackTrace(holder, below ?? captureShortStackTrace);
    // V8 formats the trace when it is first read, with the formatter in place then.
    const frames = holder.stack;
    return Array.isArray(frames) ? (frames as string[]) : [];
  } finally {
    Error.stackTraceLimit = previousLimit;
    Error.prepareStackTrace = previousPrepare;
  }
};

/** Keeps only the nearest frames of each token's creation trace (idempotent). */
export function limitTokenTraces(): void {
  target.captureStackTrace = captureShortStackTrace;
}

/** Puts cdktf's own unlimited traces back (for the test that compares both). */
export function restoreTokenTraces(): void {
  target.captureStackTrace = original;
}
