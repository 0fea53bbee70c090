/**
 * Whether the form takes a submission now, and if not, why: the page disables the form and
 * says so with the time. The routes enforce the same rules on the post; this decides only
 * what the page shows.
 */
import type { AssignmentView } from "./view-models.ts";

export type Availability =
  | { open: true }
  | { open: false; reason: "not-yet-open"; until: Date }
  | { open: false; reason: "closed"; since: Date }
  | { open: false; reason: "attempt-limit"; limit: number }
  | { open: false; reason: "cooldown"; until: Date };

/**
 * The first reason that applies: not open yet, closed (due at 14:00 means closed from
 * 14:00:00 on), no attempts left, and last a cooldown, the only one that ends by itself.
 */
export function assignmentAvailability(
  view: Pick<AssignmentView, "now" | "opensAt" | "dueAt" | "attemptsUsed" | "attemptLimit" | "cooldownUntil">,
): Availability {
  const now = view.now.getTime();
  if (view.opensAt && now < view.opensAt.getTime()) return { open: false, reason: "not-yet-open", until: view.opensAt };
  if (view.dueAt && now >= view.dueAt.getTime()) return { open: false, reason: "closed", since: view.dueAt };
  if (view.attemptLimit !== undefined && view.attemptsUsed >= view.attemptLimit) {
    return { open: false, reason: "attempt-limit", limit: view.attemptLimit };
  }
  if (view.cooldownUntil && now < view.cooldownUntil.getTime()) {
    return { open: false, reason: "cooldown", until: view.cooldownUntil };
  }
  return { open: true };
}
