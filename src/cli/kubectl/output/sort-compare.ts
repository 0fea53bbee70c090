/**
 * The orderings `kubectl --sort-by` uses (sorter.go isLess): numbers by value, strings that
 * both parse as resource quantities by quantity (`500m` < `1` < `1Gi`), other strings in
 * natural order (`pod-2` < `pod-10`, fvbommel/sortorder.NaturalLess), null before anything.
 */

/** sortorder.NaturalLess over UTF-8 bytes: digit runs compare as numbers, digits sort first. */
export function naturalLess(a: string, b: string): boolean {
  const s1 = new TextEncoder().encode(a);
  const s2 = new TextEncoder().encode(b);
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
  let i1 = 0;
  let i2 = 0;
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1];
    const c2 = s2[i2];
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i1++;
      i2++;
      continue;
    }
    while (i1 < s1.length && s1[i1] === 0x30) i1++;
    while (i2 < s2.length && s2[i2] === 0x30) i2++;
    const nz1 = i1;
    const nz2 = i2;
    while (i1 < s1.length && isDigit(s1[i1])) i1++;
    while (i2 < s2.length && isDigit(s2[i2])) i2++;
    const len1 = i1 - nz1;
    const len2 = i2 - nz2;
    if (len1 !== len2) return len1 < len2;
    for (let k = 0; k < len1; k++) {
      if (s1[nz1 + k] !== s2[nz2 + k]) return s1[nz1 + k] < s2[nz2 + k];
    }
    // Equal numbers: fewer leading zeros first ("2" < "02").
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}

/** An exact rational num/den (den > 0), enough to order quantities. */
interface Rational {
  num: bigint;
  den: bigint;
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * resource.ParseQuantity's grammar (parseQuantityString + suffix interpretation), returning the
 * value or undefined where upstream errors. Quirks kept: "m" alone is 0 milli, "-" is 0.
 */
export function parseQuantity(str: string): Rational | undefined {
  if (str.length === 0) return undefined;
  let pos = 0;
  let positive = true;
  if (str[0] === "-") {
    positive = false;
    pos++;
  } else if (str[0] === "+") pos++;
  while (pos < str.length && str[pos] === "0") pos++;
  if (pos >= str.length) return { num: 0n, den: 1n };
  let start = pos;
  while (pos < str.length && str[pos] >= "0" && str[pos] <= "9") pos++;
  let num = str.slice(start, pos);
  if (pos >= str.length) return rational(positive, num || "0", "", 10, 0);
  if (num.length === 0) num = "0";
  let denom = "";
  if (str[pos] === ".") {
    pos++;
    start = pos;
    while (pos < str.length && str[pos] >= "0" && str[pos] <= "9") pos++;
    denom = str.slice(start, pos);
    if (pos >= str.length) return rational(positive, num, denom, 10, 0);
  }
  const suffixStart = pos;
  while (pos < str.length && "eEinumkKMGTP".includes(str[pos])) pos++;
  if (pos < str.length && (str[pos] === "-" || str[pos] === "+")) pos++;
  while (pos < str.length && str[pos] >= "0" && str[pos] <= "9") pos++;
  if (pos < str.length) return undefined;
  const suffix = str.slice(suffixStart);
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return rational(positive, num, denom, 10, DECIMAL_SUFFIXES[suffix]);
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return rational(positive, num, denom, 2, BINARY_SUFFIXES[suffix]);
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exp = Number(suffix.slice(1));
    if (Math.abs(exp) > 1000) return undefined;
    return rational(positive, num, denom, 10, exp);
  }
  return undefined;
}

function rational(positive: boolean, num: string, denom: string, base: 2 | 10, exp: number): Rational {
  let n = BigInt(num + denom) * (positive ? 1n : -1n);
  let d = 10n ** BigInt(denom.length);
  const scale = BigInt(base) ** BigInt(Math.abs(exp));
  if (exp >= 0) n *= scale;
  else d *= scale;
  return { num: n, den: d };
}

export function compareQuantities(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export type SortValue = unknown;

/**
 * isLess for two values found by the sort path in unstructured objects (interface values).
 * Returns an error text where kubectl gives up ("unsortable type: ..."), which it reports by
 * exiting.
 */
export function isLess(i: SortValue, j: SortValue): { ok: true; less: boolean } | { ok: false; error: string } {
  if ((i === null || i === undefined) && (j === null || j === undefined)) return { ok: true, less: false };
  if (i === null || i === undefined) return { ok: true, less: true };
  if (j === null || j === undefined) return { ok: true, less: false };
  if (typeof i === "number") {
    const sameType = typeof j === "number" && Number.isInteger(i) === Number.isInteger(j);
    return sameType ? { ok: true, less: i < (j as number) } : unsortableInterface();
  }
  if (typeof i === "string") {
    if (typeof j !== "string") return unsortableInterface();
    const qi = parseQuantity(i);
    const qj = qi && parseQuantity(j);
    if (qi && qj) return { ok: true, less: compareQuantities(qi, qj) < 0 };
    return { ok: true, less: naturalLess(i, j) };
  }
  const t = typeof i === "boolean" ? "bool" : Array.isArray(i) ? "[]interface {}" : "map[string]interface {}";
  return { ok: false, error: `unsortable type: ${t}` };
}

const unsortableInterface = () => ({ ok: false as const, error: "unsortable interface: interface" });
