/** Pod scheduling constraints: tolerations, taints, node selectors and (anti-)affinity. */
import { type FieldErrors, forbiddenField, invalid, notSupported, required } from "./field-errors.ts";
import { goPointer, goQuote, goStruct } from "./go-format.ts";
import { validateLabelName } from "./meta.ts";
import { isQualifiedName, isValidLabelValue } from "./names.ts";
import { validateLabelSelector } from "./selector.ts";

// biome-ignore lint/suspicious/noExplicitAny: manifests are schemaless JSON.
type Json = any;

export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export function validateTaintEffect(effect: string | undefined, allowEmpty: boolean, fld: string): FieldErrors {
  if (!allowEmpty && !effect) return [required(fld)];
  return TAINT_EFFECTS.includes(effect ?? "") ? [] : [notSupported(fld, effect ?? "", TAINT_EFFECTS)];
}

/** %#v of core.Toleration. */
function goToleration(t: Json) {
  const secs =
    t.tolerationSeconds === undefined || t.tolerationSeconds === null
      ? goPointer("int64", undefined)
      : goPointer("int64", 1);
  return goStruct("core.Toleration", [
    ["Key", goQuote(t.key ?? "")],
    ["Operator", goQuote(t.operator ?? "")],
    ["Value", goQuote(t.value ?? "")],
    ["Effect", goQuote(t.effect ?? "")],
    ["TolerationSeconds", secs],
  ]);
}

/** Whether validateTolerations finds nothing wrong with `t`, checked without building errors. */
function tolerationValid(t: Json): boolean {
  if (t.key ? isQualifiedName(t.key).length !== 0 : t.operator !== "Exists") return false;
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== "NoExecute") return false;
  switch (t.operator ?? "") {
    case "Equal":
    case "":
      if (isValidLabelValue(t.value ?? "").length !== 0) return false;
      break;
    case "Exists":
      if (t.value) return false;
      break;
    default:
      return false;
  }
  return !t.effect || TAINT_EFFECTS.includes(t.effect);
}

export function validateTolerations(tolerations: Json[] | undefined, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  (tolerations ?? []).forEach((t: Json, i: number) => {
    // Every pod carries tolerations (admission adds two): a valid one builds no path.
    if (tolerationValid(t)) return;
    const at = `${fld}[${i}]`;
    if (t.key) errs.push(...validateLabelName(t.key, `${at}.key`));
    if (!t.key && t.operator !== "Exists") {
      errs.push(
        invalid(
          `${at}.operator`,
          t.operator ?? "",
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== "NoExecute") {
      errs.push(invalid(`${at}.effect`, t.effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? "") {
      case "Equal":
      case "": {
        const msgs = isValidLabelValue(t.value ?? "");
        if (msgs.length) errs.push(invalid(`${at}.operator`, t.value ?? "", msgs.join(";")));
        break;
      }
      case "Exists":
        if (t.value)
          errs.push(invalid(`${at}.operator`, goToleration(t), "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(`${at}.operator`, t.operator, ["Equal", "Exists"]));
    }
    if (t.effect) errs.push(...validateTaintEffect(t.effect, true, `${at}.effect`));
  });
  return errs;
}

function validateNodeSelectorRequirement(r: Json, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  const values: unknown[] = r.values ?? [];
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (!values.length) errs.push(required(`${fld}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length)
        errs.push(
          forbiddenField(`${fld}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1)
        errs.push(required(`${fld}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(`${fld}.operator`, r.operator ?? "", "not a valid selector operator"));
  }
  errs.push(...validateLabelName(r.key ?? "", `${fld}.key`));
  return errs;
}

function validateNodeSelectorTerm(term: Json, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  (term?.matchExpressions ?? []).forEach((r: Json, i: number) => {
    errs.push(...validateNodeSelectorRequirement(r, `${fld}.matchExpressions[${i}]`));
  });
  return errs;
}

function validatePodAffinityTerm(term: Json, fld: string, minor: number): FieldErrors {
  const errs = validateLabelSelector(term?.labelSelector, `${fld}.labelSelector`, minor);
  if (!term?.topologyKey) errs.push(required(`${fld}.topologyKey`, "can not be empty"));
  else errs.push(...validateLabelName(term.topologyKey, `${fld}.topologyKey`));
  return errs;
}

function validateWeight(w: unknown, fld: string): FieldErrors {
  return typeof w === "number" && w >= 1 && w <= 100 ? [] : [invalid(fld, w ?? 0, "must be in the range 1-100")];
}

export function validateAffinity(affinity: Json, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  if (!affinity) return errs;
  const na = affinity.nodeAffinity;
  if (na) {
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    const at = `${fld}.nodeAffinity`;
    if (req) {
      const terms: Json[] = req.nodeSelectorTerms ?? [];
      if (!terms.length) {
        errs.push(
          required(
            `${at}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`,
            "must have at least one node selector term",
          ),
        );
      }
      terms.forEach((t, i) => {
        errs.push(
          ...validateNodeSelectorTerm(
            t,
            `${at}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`,
          ),
        );
      });
    }
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((p: Json, i: number) => {
      const pat = `${at}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      errs.push(...validateWeight(p.weight, `${pat}.weight`));
      errs.push(...validateNodeSelectorTerm(p.preference, `${pat}.preference`));
    });
  }
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const pa = affinity[kind];
    if (!pa) continue;
    const at = `${fld}.${kind}`;
    (pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: Json, i: number) => {
      errs.push(...validatePodAffinityTerm(t, `${at}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, minor));
    });
    (pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((p: Json, i: number) => {
      const pat = `${at}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      errs.push(...validateWeight(p.weight, `${pat}.weight`));
      errs.push(...validatePodAffinityTerm(p.podAffinityTerm, `${pat}.podAffinityTerm`, minor));
    });
  }
  return errs;
}
