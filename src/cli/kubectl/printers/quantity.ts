/**
 * resource.Quantity as far as printing needs it: parse, add, compare and the canonical
 * String() form ("100m", "1", "1536Mi", "129M"). Values are exact: kept in nano-units as bigint.
 *
 * Canonical form, as apimachinery's CanonicalizeBytes: a BinarySI quantity (parsed with Ki/Mi/..)
 * prints in the largest power of 1024 that divides it ("1536Mi"), unless it is below 1024 or not
 * integral, where it falls back to DecimalSI; a DecimalSI quantity prints with the largest
 * power-of-1000 suffix that keeps the mantissa integral ("0.5" -> "500m", "1000k" -> "1M").
 */

export type QuantityFormat = "DecimalSI" | "BinarySI";

export interface Quantity {
  nano: bigint;
  format: QuantityFormat;
}

const NANO = 1_000_000_000n;
const BINARY: Record<string, bigint> = {
  Ki: 1024n,
  Mi: 1024n ** 2n,
  Gi: 1024n ** 3n,
  Ti: 1024n ** 4n,
  Pi: 1024n ** 5n,
  Ei: 1024n ** 6n,
};
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export const ZERO: Quantity = { nano: 0n, format: "DecimalSI" };

/** Parses "250m", "1.5", "64Mi", "1e3"; an unparsable value reads as zero. */
export function parseQuantity(input: unknown): Quantity {
  const s = String(input ?? "").trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return ZERO;
  const sign = m[1] === "-" ? -1n : 1n;
  const intPart = m[2] || "0";
  const frac = (m[3] ?? "").slice(0, 9).padEnd(9, "0");
  let nano = BigInt(intPart) * NANO + BigInt(frac);
  let format: QuantityFormat = "DecimalSI";
  if (m[5] && BINARY[m[5]] !== undefined) {
    nano *= BINARY[m[5]];
    format = "BinarySI";
  } else {
    const exp = m[4] ? Number(m[4].slice(1)) : DECIMAL[m[5] ?? ""];
    nano = scale10(nano, exp);
  }
  return { nano: sign * nano, format };
}

function scale10(v: bigint, exp: number): bigint {
  if (exp >= 0) return v * 10n ** BigInt(exp);
  const d = 10n ** BigInt(-exp);
  return (v + d - 1n) / d; // Go rounds up when a value has more precision than nano
}

export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nano: a.nano + b.nano, format: a.format };
}

/** Value() rounded up to an integer (bytes, cores...). */
export function quantityValue(q: Quantity): number {
  return Number(ceilDiv(q.nano, NANO));
}

/** MilliValue() rounded up. */
export function quantityMilliValue(q: Quantity): number {
  return Number(ceilDiv(q.nano, 1_000_000n));
}

function ceilDiv(a: bigint, b: bigint): bigint {
  if (a >= 0n) return (a + b - 1n) / b;
  return a / b;
}

export function formatQuantity(q: Quantity): string {
  if (q.nano === 0n) return "0";
  const neg = q.nano < 0n;
  const abs = neg ? -q.nano : q.nano;
  const sign = neg ? "-" : "";
  if (q.format === "BinarySI" && abs >= 1024n * NANO && abs % NANO === 0n) {
    let v = abs / NANO;
    let i = 0;
    const suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    while (v % 1024n === 0n && i < suffixes.length - 1) {
      v /= 1024n;
      i++;
    }
    return `${sign}${v}${suffixes[i]}`;
  }
  // DecimalSI: mantissa * 10^exp with exp a multiple of 3, as large as keeps the mantissa integral.
  let mantissa = abs;
  let exp = -9;
  while (exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  const suffix = Object.keys(DECIMAL).find((k) => DECIMAL[k] === exp) ?? "";
  return `${sign}${mantissa}${suffix}`;
}

/** Canonical string of a quantity as written in an object ("1024Mi" -> "1Gi"). */
export function canonicalQuantity(input: unknown): string {
  return formatQuantity(parseQuantity(input));
}
