/**
 * The one reader of synthesized cdktf JSON that the policy pack, the cost estimate and the
 * diagram share. It depends on nothing else of the project.
 */
export { block, blocks, isRecord, stringOf, strings } from "./blocks";
export { constructPathOf, MARKS_KEY, marksOf, textMark, withoutMarks } from "./marks";
export { parseJsonAttribute, parsePolicyDocument } from "./policy-document";
export type { Parsed, Statement } from "./policy-document";
export { isExpression, literal, parseReference, referencedName, referencesIn } from "./references";
export type { Reference } from "./references";
export { resourceAt, resourcesOf, resourcesOfType, resourceTypesOf } from "./stack";
export type { InspectedResource, ResourceJson, StackResources } from "./stack";
