/**
 * The authenticity check: where a transcript carries outputs, each is compared with what
 * replaying the student's commands printed, and each disagreement is reported in the words a
 * Kubernetes user knows. The grader never trusts pasted output; it reports where it could not
 * have come from the commands.
 */
export { compareOutput, type OutputComparison } from "./compare.ts";
export { findAuthenticityIssues, isCompared } from "./findings.ts";
export { type NormaliseOptions, normaliseCell, normaliseText } from "./normalise.ts";
