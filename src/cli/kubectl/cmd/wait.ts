/**
 * kubectl wait (cmd/wait): `--for=delete`, `--for=condition=NAME[=VALUE]`, and from 1.23
 * `--for=jsonpath='{expr}'[=value]`, over the builder's resources (`pod/x`, `pods -l app=x`,
 * `pods --all`, `-f`), with one --timeout (default 30s) shared by all of them.
 *
 * Waiting is a watch: virtual time moves from timer to timer (advanceUntil) and stops at the
 * first moment the condition holds, printing `pod/x condition met` (for every --for, delete
 * included). Past the deadline: `timed out waiting for the condition on pods/x`; resources
 * still to check after that time out at once, as the shared context has expired.
 * A resource that does not exist is a NotFound error, except for --for=delete.
 * Conditions compare case-insensitively and ignore a condition observed for an older
 * generation; jsonpath values compare as printed (`%v`), trimmed.
 */
import type { Status } from "../../../sim/core/status.ts";
import { advanceUntil } from "../../../sim/k8s/advance-until.ts";
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { ExecResult } from "../../types.ts";
import { FILENAME_FLAGS, type KubectlCommand, OUTPUT_FLAGS } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { bool, type FlagValues, str } from "../flags.ts";
import { relaxedJsonPathExpression } from "../output/custom-columns.ts";
import { goSprint } from "../output/go-values.ts";
import { compileJsonPath } from "../output/jsonpath.ts";
import { kindLabel } from "../resource-mapper.ts";
import { type GoError, parseGoDuration, printedErrors } from "./drain.ts";
import { printObjects } from "./shared.ts";
import { type LiveTarget, resolveTargets } from "./targets.ts";

export const waitCommand: KubectlCommand = {
  name: "wait",
  short: "Experimental: Wait for a specific condition on one or many resources",
  usage:
    "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
  flags: [
    ...FILENAME_FLAGS,
    ...OUTPUT_FLAGS,
    { name: "for", kind: "string" },
    { name: "timeout", kind: "string", default: "30s" },
    { name: "all", kind: "bool" },
    { name: "all-namespaces", short: "A", kind: "bool" },
    { name: "selector", short: "l", kind: "string" },
    { name: "field-selector", kind: "string" },
    { name: "local", kind: "bool" },
  ],
  run: (k, args, flags) => runWait(k, args, flags),
};

/** The test for one object, or an error that ends the wait for it. */
type Check = (o: KObject) => { met: boolean; error?: string };

type ConditionFn = { kind: "delete" } | { kind: "check"; check: Check };

function conditionFor(condition: string, minor: number): { ok: true; fn: ConditionFn } | { ok: false; error: string } {
  if (condition.toLowerCase() === "delete") return { ok: true, fn: { kind: "delete" } };
  if (condition.startsWith("condition=")) {
    let name = condition.slice("condition=".length);
    let value = "true";
    const eq = name.indexOf("=");
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return { ok: true, fn: { kind: "check", check: conditionCheck(name, value) } };
  }
  if (minor >= 23 && condition.startsWith("jsonpath="))
    return jsonPathCondition(condition.slice("jsonpath=".length), minor);
  return { ok: false, error: `unrecognized condition: ${JSON.stringify(condition)}` };
}

/** ConditionalWait.checkCondition. */
function conditionCheck(name: string, value: string): Check {
  return (o) => {
    for (const c of o.status?.conditions ?? []) {
      if (typeof c?.type !== "string" || c.type.toLowerCase() !== name.toLowerCase()) continue;
      if (typeof c.status !== "string") continue;
      const generation = o.metadata.generation;
      if (typeof generation === "number") {
        const observed = typeof c.observedGeneration === "number" ? c.observedGeneration : o.status?.observedGeneration;
        if (typeof observed === "number" && observed < generation) return { met: false };
      }
      return { met: c.status.toLowerCase() === value.toLowerCase() };
    }
    return { met: false };
  };
}

/** splitJSONPathInput: split on single `=`, keeping `==`. */
function splitJsonPathInput(input: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < input.length; i++) {
    if (input[i] === "=") {
      if (input[i + 1] === "=") {
        cur += "==";
        i++;
        continue;
      }
      out.push(cur);
      cur = "";
      continue;
    }
    cur += input[i];
  }
  out.push(cur);
  return out;
}

function jsonPathCondition(input: string, minor: number): { ok: true; fn: ConditionFn } | { ok: false; error: string } {
  const parts = splitJsonPathInput(input);
  if (parts.length < 1 || parts.length > 2) {
    return {
      ok: false,
      error:
        "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'",
    };
  }
  const relaxed = relaxedJsonPathExpression(parts[0]);
  if (!relaxed.ok) return relaxed;
  let expected: string | undefined;
  if (parts.length === 2) {
    expected = parts[1].replace(/^['"]+|['"]+$/g, "");
    if (expected === "") {
      return {
        ok: false,
        error: "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3",
      };
    }
  } else if (minor < 29) {
    return { ok: false, error: "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3" };
  }
  if (relaxed.template === "") return { ok: false, error: "jsonpath expression cannot be empty" };
  const compiled = compileJsonPath(relaxed.template, { allowMissingKeys: true });
  if (!compiled.ok) return compiled;
  const check: Check = (o) => {
    const found = compiled.findResults(o);
    if (!found.ok) return { met: false, error: found.error };
    const results = found.results;
    if (results.length === 0 || results[0].length === 0) return { met: false };
    if (results.length > 1) return { met: false, error: "given jsonpath expression matches more than one list" };
    if (results[0].length > 1) return { met: false, error: "given jsonpath expression matches more than one value" };
    if (expected === undefined) return { met: true };
    const v = results[0][0];
    if (typeof v === "object" && v !== null) {
      return { met: false, error: "jsonpath leads to a nested object or list which is not supported" };
    }
    return { met: goSprint(v).trim() === expected.trim() };
  };
  return { ok: true, fn: { kind: "check", check } };
}

function runWait(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const timeoutText = str(flags, "timeout");
  const timeout = parseGoDuration(timeoutText);
  if (timeout === undefined) {
    return {
      stdout: "",
      stderr: `error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration ${JSON.stringify(timeoutText)}\nSee 'kubectl wait --help' for usage.\n`,
      exitCode: 1,
    };
  }
  // A negative timeout means a week.
  const effective = timeout < 0 ? 168 * 3600 * 1000 : timeout;
  const cond = conditionFor(str(flags, "for"), k.cluster.minor);
  if (!cond.ok) return { stdout: "", stderr: `error: ${cond.error}\n`, exitCode: 1 };
  const isDelete = cond.fn.kind === "delete";
  const resolved = resolveTargets(k, args, flags, {
    all: bool(flags, "all"),
    selector: str(flags, "selector"),
    fieldSelector: str(flags, "field-selector"),
    allNamespaces: bool(flags, "all-namespaces"),
  });
  if (!resolved.ok) return resolved.result;
  const errors: GoError[] = [];
  for (const e of resolved.errors) {
    if ("status" in e) {
      if (!(isDelete && e.status.reason === "NotFound")) errors.push({ status: e.status });
    } else errors.push({ message: e.message });
  }
  const deadline = k.now() + effective;
  const output = str(flags, "output");
  let stdout = "";
  for (const t of resolved.targets) {
    const r = waitFor(k, t, cond.fn, deadline, effective === 0);
    if (!r.ok) {
      errors.push(r.error);
      continue;
    }
    if (output) {
      const p = printObjects(k, [r.object], output, flags);
      stdout += p.stdout;
    } else stdout += `${kindLabel(t.type)}/${t.name} condition met\n`;
  }
  if (resolved.targets.length === 0 && resolved.errors.length === 0 && !isDelete) {
    errors.push({ message: "no matching resources found" });
  }
  if (errors.length) return { stdout, stderr: printedErrors(errors), exitCode: 1 };
  return { stdout, stderr: "", exitCode: 0 };
}

type WaitResult = { ok: true; object: KObject } | { ok: false; error: GoError };

function waitFor(k: Kubectl, t: LiveTarget, fn: ConditionFn, deadline: number, once: boolean): WaitResult {
  const resource = t.type.resource;
  const timedOut: WaitResult = {
    ok: false,
    error: { message: `timed out waiting for the condition on ${resource}/${t.name}` },
  };
  const storageGet = () => k.cluster.api.get(t.type, t.namespace, t.name);
  const uid = t.object.metadata.uid;
  if (fn.kind === "delete") {
    const gone = () => {
      const g = storageGet();
      return !g.ok || g.value.metadata.uid !== uid;
    };
    if (gone()) return { ok: true, object: t.object };
    if (once) return { ok: false, error: { message: `condition not met for ${kindLabel(t.type)}/${t.name}` } };
    const r = advanceUntil(k.cluster, gone, Math.max(0, deadline - k.now()), 0, (ms) => k.advance(ms));
    return r.met ? { ok: true, object: t.object } : timedOut;
  }
  let error: string | undefined;
  let last: KObject = t.object;
  let missing: Status | undefined;
  // Ends the wait when the condition holds, the object is gone, or the check itself fails.
  const settled = () => {
    const g = storageGet();
    if (!g.ok) {
      missing = g.status;
      return true;
    }
    last = g.value;
    const c = fn.check(g.value);
    if (c.error) error = c.error;
    return c.met || c.error !== undefined;
  };
  const outcome = (met: boolean): WaitResult => {
    if (missing) return { ok: false, error: { status: missing } };
    if (error) return { ok: false, error: { message: error } };
    return met ? { ok: true, object: last } : timedOut;
  };
  if (once) {
    const met = settled();
    if (met || missing || error) return outcome(met);
    return { ok: false, error: { message: `condition not met for ${kindLabel(t.type)}/${t.name}` } };
  }
  if (k.now() >= deadline) return timedOut;
  const r = advanceUntil(k.cluster, settled, deadline - k.now(), 0, (ms) => k.advance(ms));
  return outcome(r.met);
}
