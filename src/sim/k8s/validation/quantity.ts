/**
 * resource.Quantity: parsing and canonical formatting, as apimachinery does it.
 *
 * A quantity is held exactly as `n × 10^scale` (bigint n). Parsing keeps the suffix family
 * (DecimalSI `m k M G`, BinarySI `Ki Mi Gi`, DecimalExponent `e3`) and rounds anything finer
 * than a nano up. Formatting picks the largest suffix that keeps the number an integer:
 *   "0.5" -> 500m      "1000m" -> 1      "1.5Gi" -> 1536Mi      "2048Ki" -> 2Mi
 *   "1e3" -> 1e3       "0.5Ki" -> 512    "100M" -> 100M          "1500" -> 1500
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  n: bigint;
  scale: number;
  format: QuantityFormat;
}

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_NUMERIC_ERROR = "unable to parse numeric part of quantity";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

export type QuantityResult = { ok: true; value: Quantity } | { ok: false; error: string };

const SPLIT_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SCALE_TO_SI = new Map(Object.entries(DECIMAL_SUFFIXES).map(([k, v]) => [v, k]));
const BINARY_NAMES = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

const pow10 = (k: number): bigint => 10n ** BigInt(k);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/**
 * Parsed quantities by their text. A cluster parses the same few strings over and over (every
 * pod of a Deployment carries its template's requests through defaulting, QoS, validation and
 * the scheduler), and each parse costs a regular expression match and bigint arithmetic. The
 * results are frozen: callers share them. Bounded, since manifests may hold any text.
 */
const parsed = new Map<string, QuantityResult>();
const PARSED_LIMIT = 4096;

/** ParseQuantity. Accepts the JSON number a YAML manifest may hold (`cpu: 0.5`). */
export function parseQuantity(input: string | number): QuantityResult {
  if (typeof input !== "string") return parseText(input);
  let r = parsed.get(input);
  if (r === undefined) {
    r = parseText(input);
    if (r.ok) Object.freeze(r.value);
    Object.freeze(r);
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(input, r);
  }
  return r;
}

function parseText(input: string | number): QuantityResult {
  const text = (typeof input === "number" ? String(input) : input).trim();
  const m = SPLIT_RE.exec(text);
  if (!text || !m) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  let num = m[1];
  const suffix = m[2];
  let negative = false;
  if (num[0] === "+" || num[0] === "-") {
    negative = num[0] === "-";
    num = num.slice(1);
  }
  const dot = num.indexOf(".");
  if (dot !== num.lastIndexOf(".")) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  const whole = dot < 0 ? num : num.slice(0, dot);
  const frac = dot < 0 ? "" : num.slice(dot + 1);
  if (!whole && !frac) return { ok: false, error: QUANTITY_NUMERIC_ERROR };

  let format: QuantityFormat;
  let n = BigInt(`${whole}${frac}` || "0");
  let scale = -frac.length;
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) {
    format = "DecimalSI";
    scale += DECIMAL_SUFFIXES[suffix];
  } else if (Object.hasOwn(BINARY_SUFFIXES, suffix)) {
    format = "BinarySI";
    n *= 2n ** BigInt(BINARY_SUFFIXES[suffix]);
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = "DecimalExponent";
    scale += Number(suffix.slice(1));
  } else {
    return { ok: false, error: QUANTITY_SUFFIX_ERROR };
  }
  // Anything finer than a nano rounds up (away from zero): asking for some gets some.
  if (scale < -9) {
    const d = pow10(-9 - scale);
    n = (n + d - 1n) / d;
    scale = -9;
  }
  if (format === "BinarySI" && n !== 0n && compareParts(n, scale, 1n, 0) < 0) format = "DecimalSI";
  return { ok: true, value: { n: negative ? -n : n, scale, format } };
}

function compareParts(n1: bigint, s1: number, n2: bigint, s2: number): number {
  const s = Math.min(s1, s2);
  const a = n1 * pow10(s1 - s);
  const b = n2 * pow10(s2 - s);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  return compareParts(a.n, a.scale, b.n, b.scale);
}

/** RoundUp to milli scale, as SetDefaults_ResourceList does to every resource list value. */
export function roundUpMilli(q: Quantity): Quantity {
  if (q.scale >= -3) return q;
  const d = pow10(-3 - q.scale);
  const mag = (abs(q.n) + d - 1n) / d;
  return { ...q, n: q.n < 0n ? -mag : mag, scale: -3 };
}

/** Quantity.String(): the canonical form. */
export function formatQuantity(q: Quantity): string {
  if (q.n === 0n) return "0";
  let format = q.format;
  if (format === "BinarySI") {
    const isInt = q.scale >= 0 || q.n % pow10(-q.scale) === 0n;
    if (compareParts(abs(q.n), q.scale, 1024n, 0) < 0 || !isInt) format = "DecimalSI";
    else {
      let v = q.scale >= 0 ? q.n * pow10(q.scale) : q.n / pow10(-q.scale);
      let exp = 0;
      while (v % 1024n === 0n && exp < BINARY_NAMES.length - 1) {
        v /= 1024n;
        exp++;
      }
      return `${v}${BINARY_NAMES[exp]}`;
    }
  }
  let n = q.n;
  let scale = q.scale;
  while (n % 10n === 0n) {
    n /= 10n;
    scale++;
  }
  const mod = ((scale % 3) + 3) % 3;
  n *= pow10(mod);
  scale -= mod;
  if (format === "DecimalExponent") return scale === 0 ? `${n}` : `${n}e${scale}`;
  const si = SCALE_TO_SI.get(scale);
  return si === undefined ? `${n}e${scale}` : `${n}${si}`;
}

/** The canonical text of a quantity, or undefined when it does not parse. */
export function canonicalQuantity(input: string | number): string | undefined {
  const r = parseQuantity(input);
  return r.ok ? formatQuantity(r.value) : undefined;
}

/** Value in milli-units, rounded up (MilliValue), for arithmetic in controllers and the scheduler. */
export function milliValue(q: Quantity): number {
  const s = q.scale + 3;
  if (s >= 0) return Number(q.n * pow10(s));
  const d = pow10(-s);
  const mag = (abs(q.n) + d - 1n) / d;
  return Number(q.n < 0n ? -mag : mag);
}

/** Value in units, rounded up (Value). */
export function unitValue(q: Quantity): number {
  if (q.scale >= 0) return Number(q.n * pow10(q.scale));
  const d = pow10(-q.scale);
  const mag = (abs(q.n) + d - 1n) / d;
  return Number(q.n < 0n ? -mag : mag);
}
