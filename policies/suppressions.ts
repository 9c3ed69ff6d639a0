/**
 * The old import path of `suppress` (modules and environments import it from here): the code is
 * in `suppress.ts`, a leaf of its own.
 */
export { PolicyError, reasonProblem, suppress } from "./suppress";
export type { Suppression } from "./suppress";
