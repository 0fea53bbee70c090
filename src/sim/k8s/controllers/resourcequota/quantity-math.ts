/**
 * Resource lists as quota arithmetic needs them (pkg/quota/v1/resources.go): exact sums that
 * keep the format of the first non-zero term (Quantity.Add adopts the addend's format when the
 * receiver is zero), so 128Mi + 128Mi is `256Mi` and 100m + 400m is `500m`.
 */
import { compareQuantities, formatQuantity, parseQuantity, type Quantity } from "../../validation/quantity.ts";

export type ResourceList = Map<string, Quantity>;

export const ZERO: Quantity = { n: 0n, scale: 0, format: "DecimalSI" };

export function q(text: string | number | undefined): Quantity {
  if (text === undefined) return ZERO;
  const r = parseQuantity(text);
  return r.ok ? r.value : ZERO;
}

export function add(a: Quantity, b: Quantity): Quantity {
  if (a.n === 0n) return b;
  if (b.n === 0n) return a;
  const scale = Math.min(a.scale, b.scale);
  const n = a.n * 10n ** BigInt(a.scale - scale) + b.n * 10n ** BigInt(b.scale - scale);
  return { n, scale, format: a.format };
}

export function max(a: Quantity, b: Quantity): Quantity {
  return compareQuantities(a, b) >= 0 ? a : b;
}

export const text = (x: Quantity): string => formatQuantity(x);

export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, add(out.get(k) ?? ZERO, v));
  return out;
}

export function fromJson(list: Record<string, string | number> | undefined): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) out.set(k, q(v));
  return out;
}

/** `requests.memory=2Gi,requests.cpu=1` with keys sorted (prettyPrint). */
export function prettyPrint(list: ResourceList): string {
  return [...list.keys()]
    .sort()
    .map((k) => `${k}=${text(list.get(k)!)}`)
    .join(",");
}
