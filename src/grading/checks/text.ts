/**
 * The small vocabulary explanations are written in: bounded lists (`a, b, c and 4 more`),
 * plurals, values as a Kubernetes user reads them, and "a, b, and c" sentences. Everything
 * is deterministic: callers sort before listing.
 */

export const MAX_LISTED = 5;
export const MAX_TEXT = 120;

/** `a, b, c` or `a, b, c, d, e and 3 more`. */
export function listSome(items: readonly string[], max = MAX_LISTED): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/** `a`, `a and b`, `a, b, and c` (the example explanations' sentence form). */
export function sentenceList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  if (items.length === 2) return `${items[0]}, and ${items[1]}`;
  return `${items.slice(0, -1).join(", ")}, and ${items[items.length - 1]}`;
}

/** `1 pod`, `3 pods`; `1 node is`, `2 nodes are` with `plural(n, "node")`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A value as it reads in a sentence: strings bare (empty as ""), others as JSON, long ones cut. */
export function showValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return v === "" ? '""' : clip(v);
  return clip(JSON.stringify(v) ?? String(v));
}

export function clip(s: string, max = MAX_TEXT): string {
  const one = s.replace(/\s*\n\s*/g, " ");
  return one.length <= max ? one : `${one.slice(0, max - 3)}...`;
}

/** Byte order, as Go sorts, so lists read the same on every machine. */
export const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function sorted(items: Iterable<string>): string[] {
  return [...items].sort(byteCompare);
}

/** `30s`, `2m`, `1m30s`, `2h` for virtual durations. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
}

/** A regular expression from a lab, or the reason it is not one. */
export function compileRegex(pattern: string, flags = ""): { ok: true; re: RegExp } | { ok: false; error: string } {
  try {
    return { ok: true, re: new RegExp(pattern, flags) };
  } catch (e) {
    return {
      ok: false,
      error: `the lab's pattern /${pattern}/ is not a valid regular expression (${(e as Error).message})`,
    };
  }
}
