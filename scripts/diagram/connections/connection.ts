/** One connection of the diagram (a fact behind an arrow), the outside systems, and how their text is written. */
import { compareText, StackResource, unique } from "../stack";

/** The people and outside systems a diagram can have, by alias. */
export const USER = "user";
export const TEAM = "team";
export const EMAIL = "email";
export const SOURCE = "source";

/** One fact behind an arrow. */
export interface Connection {
  /** A module, or one of USER, TEAM, EMAIL, SOURCE. */
  readonly from: string;
  readonly to: string;
  /** What flows, short, for the arrow: `reads parameters, reads the password`. */
  readonly label: string;
  /** The label's parts, so that an arrow merging several facts names each once. @default [label] */
  readonly parts?: readonly string[];
  /** How, short, for the arrow: `IAM`, `TCP 5432`. */
  readonly technology: string;
  /** What flows, in full, for the table: `Reads 5 parameters /acme-staging/database/* and the database password`. */
  readonly detail: string;
  /** How, in full, for the table: `IAM role acme-staging-api-task`. */
  readonly via: string;
  /** The construct paths (`Module/Id`) of the resources that make it. */
  readonly evidence: readonly string[];
  /** Order of facts on one arrow: requests first, then network access, then grants, then operations. */
  readonly order: number;
}

/** The outside systems, when the stack has them. */
export interface Externals {
  /** The email addresses subscribed to the stack's topics. */
  readonly emails: readonly string[];
  /** The repository a pipeline reads: its host (`GitHub`) and what it reads. */
  readonly source?: { readonly provider: string; readonly repositories: readonly string[] };
}

/** A resource's construct path inside the stack (`Module/Id`), as evidence. */
export const pathOf = (r: StackResource): string => `${r.module}/${r.localPath}`;
/** The construct paths of resources, once each, sorted. */
export const paths = (resources: readonly StackResource[]): string[] => unique(resources.map(pathOf)).sort(compareText);
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Phrases as one sentence: `Reads 5 parameters and reads the database password`. */
export function sentence(phrases: readonly string[]): string {
  const text = phrases.length <= 1 ? (phrases[0] ?? "") : `${phrases.slice(0, -1).join(", ")} and ${phrases[phrases.length - 1]}`;
  return capitalize(text);
}
