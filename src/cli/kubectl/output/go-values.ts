/**
 * How Go prints the JSON values kubectl works on (an unstructured object: maps, slices,
 * strings, int64 for integral numbers, float64 otherwise, bools, nil). Printers built on
 * client-go's jsonpath reach these through fmt and encoding/json, and students see the result:
 *   fmt.Sprint    map[app:nginx tier:web]   [a b]   <nil>   1e+06
 *   fmt %#v       map[string]interface {}{"app":"nginx"}
 *   json.Marshal  {"app":"nginx"}   (keys sorted, <>& escaped)
 */
import { goQuote } from "../../../sim/k8s/selectors/go-quote.ts";

type Json = unknown;

const isMap = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const sortedKeys = (m: Record<string, Json>) => Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** fmt's %v of a float64: strconv 'g' with the shortest digits, exponent from 1e+06 / below 1e-04. */
export function goFloatV(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const [mant, expText] = Math.abs(n).toExponential().split("e");
  const exp = Number(expText);
  const digits = mant.replace(".", "");
  const sign = n < 0 ? "-" : "";
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, "0");
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** A JSON number as the Go value unstructured decoding makes of it: int64 or float64. */
function numberV(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : goFloatV(n);
}

/** fmt.Sprint(v) / %v. */
export function goSprint(v: Json): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberV(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map(goSprint).join(" ")}]`;
  if (isMap(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${goSprint(v[k])}`)
      .join(" ")}]`;
  return String(v);
}

/** fmt's %#v of a value held in an interface{} (what kubectl dumps when a template fails). */
export function goSharpV(v: Json): string {
  if (v === null || v === undefined) return "interface {}(nil)";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number") return numberV(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(", ")}}`;
  if (isMap(v))
    return `map[string]interface {}{${sortedKeys(v)
      .map((k) => `${goQuote(k)}:${goSharpV(v[k])}`)
      .join(", ")}}`;
  return String(v);
}

/** encoding/json.Marshal: compact, map keys sorted, HTML-significant characters escaped. */
export function goJsonMarshal(v: Json): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "number") return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map(goJsonMarshal).join(",")}]`;
  if (isMap(v))
    return `{${sortedKeys(v)
      .map((k) => `${goJsonString(k)}:${goJsonMarshal(v[k])}`)
      .join(",")}}`;
  return "null";
}

/** json.MarshalIndent(v, "", "    ") as `-o jsonpath-as-json` prints. */
export function goJsonMarshalIndent(v: Json, indent = "    ", prefix = ""): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const inner = v.map((x) => `${prefix}${indent}${goJsonMarshalIndent(x, indent, prefix + indent)}`);
    return `[\n${inner.join(",\n")}\n${prefix}]`;
  }
  if (isMap(v)) {
    const keys = sortedKeys(v);
    if (keys.length === 0) return "{}";
    const inner = keys.map(
      (k) => `${prefix}${indent}${goJsonString(k)}: ${goJsonMarshalIndent(v[k], indent, prefix + indent)}`,
    );
    return `{\n${inner.join(",\n")}\n${prefix}}`;
  }
  return goJsonMarshal(v);
}

function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case "\\":
        out += "\\\\";
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\t":
        out += "\\t";
        break;
      case "\b":
        out += "\\b";
        break;
      case "\f":
        out += "\\f";
        break;
      case "<":
      case ">":
      case "&":
      case "\u2028":
      case "\u2029":
        out += `\\u${ch.codePointAt(0)!.toString(16).padStart(4, "0")}`;
        break;
      default:
        out += ch < " " ? `\\u${ch.codePointAt(0)!.toString(16).padStart(4, "0")}` : ch;
    }
  }
  return `${out}"`;
}
