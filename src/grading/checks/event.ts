/**
 * event checks: something happened while the student's commands ran, read from the effects
 * the replay recorded per step: pods evicted or recreated, rollouts started or finished,
 * objects created or deleted, or a Kubernetes Event with a given reason. Counted, at least
 * `min` (default 1, or 0 when only `max` is given) and at most `max` times.
 *
 *   2 pods were evicted during the replay (web-5d9f8-abcde, web-5d9f8-fghij)
 *   no FailedScheduling event was recorded during the replay; expected at least 1
 *
 * `name` matches an object's name, or the name prefix of the pods a workload owns
 * (`web` matches pod `web-5d9f8-abcde`); `resource` is taken as kubectl takes it.
 */
import { storageKey } from "../../sim/k8s/api/resources.ts";
import type { Check, CheckResult, Effect } from "../types.ts";
import { type CheckContext, fail, pass } from "./context.ts";
import { lookupType } from "./lookup.ts";
import { clip, listSome } from "./text.ts";

export type EventCheck = Extract<Check, { kind: "event" }>;

/** `%` marks where ` named web` / ` for web` goes. */
const WORDS: Record<EventCheck["happened"], { one: string; many: string; none: string }> = {
  "pod-evicted": { one: "pod% was evicted", many: "pods% were evicted", none: "no pod% was evicted" },
  "pod-recreated": { one: "pod% was recreated", many: "pods% were recreated", none: "no pod% was recreated" },
  "rollout-started": { one: "rollout% started", many: "rollouts% started", none: "no rollout% started" },
  "rollout-finished": { one: "rollout% finished", many: "rollouts% finished", none: "no rollout% finished" },
  "object-created": { one: "object% was created", many: "objects% were created", none: "no object% was created" },
  "object-deleted": { one: "object% was deleted", many: "objects% were deleted", none: "no object% was deleted" },
  event: { one: "event% was recorded", many: "events% were recorded", none: "no event% was recorded" },
};

const nameMatches = (actual: string, wanted: string): boolean => actual === wanted || actual.startsWith(`${wanted}-`);

export function evaluateEvent(check: EventCheck, ctx: CheckContext): CheckResult {
  const cluster = ctx.sim.cluster;
  let key: string | undefined;
  let kind: string | undefined;
  let noun = "";
  if (check.resource) {
    const t = lookupType(cluster, check.resource);
    if (!t.ok) return fail(t.error);
    key = storageKey(t.type);
    kind = t.type.kind.toLowerCase();
    noun = kind;
  }
  const words = WORDS[check.happened];
  if (!words)
    return fail(`the lab's event check asks about "${String(check.happened)}", which the grader does not record`);
  const hits: string[] = [];
  for (const step of ctx.steps) {
    for (const e of step.effects) {
      const label = matchEffect(check, e, key, kind);
      if (label !== undefined) hits.push(label);
    }
  }
  const reason = check.happened === "event" && check.reason ? `${check.reason} ` : "";
  const objectKind = check.happened === "object-created" || check.happened === "object-deleted";
  const rollout = check.happened === "rollout-started" || check.happened === "rollout-finished";
  const named = check.name ? `${objectKind ? " named" : rollout ? " of" : " for"} ${check.name}` : "";
  const scope = check.namespace ? ` in namespace ${check.namespace}` : "";
  const subject = (w: string) => {
    let s = w.replace("%", named);
    if (noun && objectKind) s = s.replace("object", noun);
    if (reason) s = s.replace("event", `${reason}event`);
    return s;
  };
  const n = hits.length;
  const found =
    n === 0
      ? `${subject(words.none)}${scope} during the replay`
      : `${n} ${subject(n === 1 ? words.one : words.many)}${scope} during the replay (${listSome(grouped(hits), 3)})`;
  // `max` alone (`max: 0`: it must not have happened) asks for no minimum.
  const min = check.min ?? (check.max !== undefined ? 0 : 1);
  if (n < min) return fail(`${found}; expected at least ${min}`);
  if (check.max !== undefined && n > check.max) return fail(`${found}; expected at most ${check.max}`);
  return pass(found);
}

/** Identical labels once, with how many times (`pod/x: 0/4 nodes are available: ... (5 times)`), in first-seen order. */
function grouped(labels: string[]): string[] {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([l, n]) => (n === 1 ? l : `${l} (${n} times)`));
}

/** The label of an effect the check counts (a name, or `pod/x: message` for events), or undefined. */
function matchEffect(
  check: EventCheck,
  e: Effect,
  key: string | undefined,
  kind: string | undefined,
): string | undefined {
  if (check.namespace && (e as { namespace?: string }).namespace !== check.namespace) return undefined;
  switch (check.happened) {
    case "pod-evicted":
    case "pod-recreated":
    case "rollout-started":
    case "rollout-finished": {
      if (e.type !== check.happened) return undefined;
      const owner = e.type === "pod-recreated" ? (e.owner ?? "") : "";
      if (check.name && !nameMatches(e.name, check.name) && !(owner && nameMatches(owner, check.name)))
        return undefined;
      return e.type === "rollout-started" || e.type === "rollout-finished"
        ? `${e.name}${e.revision ? ` revision ${e.revision}` : ""}`
        : e.name;
    }
    case "object-created":
    case "object-deleted": {
      const want = check.happened === "object-created" ? "created" : "deleted";
      if (e.type !== want) return undefined;
      if (key && e.resource !== key) return undefined;
      if (check.name && !nameMatches(e.name, check.name)) return undefined;
      return key ? e.name : `${e.resource}/${e.name}`;
    }
    case "event": {
      if (e.type !== "event") return undefined;
      if (check.reason && e.reason !== check.reason) return undefined;
      const slash = e.involved.indexOf("/");
      const involvedKind = e.involved.slice(0, slash);
      const involvedName = e.involved.slice(slash + 1);
      if (kind && involvedKind !== kind) return undefined;
      if (check.name && !nameMatches(involvedName, check.name)) return undefined;
      return `${e.involved}: ${clip(e.message, 60)}`;
    }
  }
  return undefined;
}
