/**
 * Go-typed bad values, rendered as the kube-apiserver of a given minor prints them in a
 * field.Error. Two regimes matter:
 *   - 1.21: a value is printed with %#v unless its own (value) type has String():
 *       intstr.IntOrString{Type:0, IntVal:0, StrVal:""}
 *       v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}
 *   - 1.25+: a value whose *pointer* type has String() is printed through it, so
 *       IntOrString prints as `0` or `25%`, and a LabelSelector with gogo's String():
 *       &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}
 * Maps, slices and plain structs print with %#v in both.
 */
import { GoLiteral } from "./field-errors.ts";

/** The first minor whose field.Error uses String() of a value's pointer type. */
const POINTER_STRINGER_SINCE = 25;

/** strconv.Quote for the strings students write (ASCII and printable Unicode). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** %#v of map[string]string (fmt sorts map keys). */
export function goMapText(m: Record<string, string> | null | undefined): string {
  if (m === null || m === undefined) return "map[string]string(nil)";
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`).join(", ")}}`;
}

export const goMap = (m: Record<string, string> | null | undefined): GoLiteral => new GoLiteral(goMapText(m));

/** %#v of []string. */
export function goStringSliceText(a: readonly string[] | null | undefined): string {
  if (a === null || a === undefined) return "[]string(nil)";
  return `[]string{${a.map((s) => goQuote(String(s))).join(", ")}}`;
}

export const goStringSlice = (a: readonly string[] | null | undefined): GoLiteral =>
  new GoLiteral(goStringSliceText(a));

/** An IntOrString as decoded from JSON: a number is Int, anything else String. */
export function intOrStringText(v: unknown): string {
  return typeof v === "number"
    ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
    : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(String(v ?? ""))}}`;
}

/** An IntOrString bad value: %#v in 1.21, its String() since 1.25. */
export function goIntOrString(v: unknown, minor: number): GoLiteral {
  if (minor >= POINTER_STRINGER_SINCE) return new GoLiteral(typeof v === "number" ? String(v) : String(v ?? ""));
  return new GoLiteral(intOrStringText(v));
}

interface Requirement {
  key?: string;
  operator?: string;
  values?: string[];
}

interface Selector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Requirement[] | null;
}

/** A *metav1.LabelSelector bad value. */
export function goLabelSelector(sel: Selector | null | undefined, minor: number): GoLiteral {
  if (sel === null || sel === undefined) return new GoLiteral("null");
  if (minor >= POINTER_STRINGER_SINCE) {
    // gogo-protobuf's generated String(): keys sorted, `k: v,` pairs, `%v` slices.
    const ml = sel.matchLabels ?? {};
    const labels = Object.keys(ml)
      .sort()
      .map((k) => `${k}: ${ml[k]},`)
      .join("");
    const exprs = (sel.matchExpressions ?? [])
      .map(
        (r) =>
          `LabelSelectorRequirement{Key:${r.key ?? ""},Operator:${r.operator ?? ""},Values:[${(r.values ?? []).join(" ")}],},`,
      )
      .join("");
    return new GoLiteral(
      `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`,
    );
  }
  const exprs =
    sel.matchExpressions === null || sel.matchExpressions === undefined
      ? "[]v1.LabelSelectorRequirement(nil)"
      : `[]v1.LabelSelectorRequirement{${sel.matchExpressions
          .map(
            (r) =>
              `v1.LabelSelectorRequirement{Key:${goQuote(r.key ?? "")}, Operator:${goQuote(r.operator ?? "")}, Values:${goStringSliceText(r.values)}}`,
          )
          .join(", ")}}`;
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${goMapText(sel.matchLabels)}, MatchExpressions:${exprs}}`);
}

/**
 * A pointer field inside a %#v struct prints as its address. Addresses differ run to run on a
 * real server; we print a fixed, plausible one so transcripts stay reproducible.
 */
export function goPointer(type: string, v: unknown): string {
  return v === undefined || v === null ? `(*${type})(nil)` : `(*${type})(0xc000a1e0c0)`;
}

/** %#v of a struct with the given fields (already rendered) in declaration order. */
export function goStruct(type: string, fields: [name: string, text: string][]): GoLiteral {
  return new GoLiteral(`${type}{${fields.map(([n, t]) => `${n}:${t}`).join(", ")}}`);
}
