/**
 * Cron schedules as CronJob validation parses them (robfig/cron/v3 ParseStandard): five
 * fields or a descriptor, with that library's error messages, e.g.
 *   expected exactly 5 fields, found 4: [0 12 * *]
 *   end of range (60) above maximum (59): 60
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = Object.fromEntries(
  ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map((m, i) => [m, i + 1]),
);
const DAYS = Object.fromEntries(["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map((d, i) => [d, i]));
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];
const DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

/** A parsed schedule: the allowed values of minute, hour, day of month, month, day of week. */
export interface CronSchedule {
  fields: Set<number>[];
  /** Whether day-of-month / day-of-week was `*` (then the other one alone decides). */
  domStar: boolean;
  dowStar: boolean;
}

export type CronResult = { ok: true; value: CronSchedule } | { ok: false; error: string };

function mustParseInt(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr))
    return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = Number.parseInt(expr, 10);
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number | string {
  if (names && Object.hasOwn(names, expr.toLowerCase())) return names[expr.toLowerCase()];
  return mustParseInt(expr);
}

function getRange(expr: string, r: Bounds, out: Set<number>): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let step = 1;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = r.min;
    end = r.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0], r.names);
    if (typeof s === "string") return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1], r.names);
      if (typeof e === "string") return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  if (rangeAndStep.length === 2) {
    const st = mustParseInt(rangeAndStep[1]);
    if (typeof st === "string") return st;
    step = st;
    if (single) end = r.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  for (let v = start; v <= end; v += step) out.add(v);
  return undefined;
}

function descriptor(spec: string): CronResult {
  const all = (b: Bounds) => new Set(Array.from({ length: b.max - b.min + 1 }, (_, i) => b.min + i));
  const at = (...v: number[]) => new Set(v);
  switch (spec) {
    case "@yearly":
    case "@annually":
      return {
        ok: true,
        value: { fields: [at(0), at(0), at(1), at(1), all(FIELDS[4])], domStar: false, dowStar: true },
      };
    case "@monthly":
      return {
        ok: true,
        value: { fields: [at(0), at(0), at(1), all(FIELDS[3]), all(FIELDS[4])], domStar: false, dowStar: true },
      };
    case "@weekly":
      return {
        ok: true,
        value: { fields: [at(0), at(0), all(FIELDS[2]), all(FIELDS[3]), at(0)], domStar: true, dowStar: false },
      };
    case "@daily":
    case "@midnight":
      return {
        ok: true,
        value: { fields: [at(0), at(0), all(FIELDS[2]), all(FIELDS[3]), all(FIELDS[4])], domStar: true, dowStar: true },
      };
    case "@hourly":
      return {
        ok: true,
        value: {
          fields: [at(0), all(FIELDS[1]), all(FIELDS[2]), all(FIELDS[3]), all(FIELDS[4])],
          domStar: true,
          dowStar: true,
        },
      };
  }
  return { ok: false, error: `unrecognized descriptor: ${spec}` };
}

export function parseCronSchedule(spec: string): CronResult {
  if (spec.length === 0) return { ok: false, error: "empty spec string" };
  let s = spec;
  if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
    const sp = s.indexOf(" ");
    s = sp < 0 ? "" : s.slice(sp).trim();
  }
  if (s.startsWith("@")) {
    if (DESCRIPTORS.includes(s)) return descriptor(s);
    if (s.startsWith("@every ")) return { ok: true, value: { fields: [], domStar: true, dowStar: true } };
    return { ok: false, error: `unrecognized descriptor: ${s}` };
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5)
    return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]` };
  const sets: Set<number>[] = [];
  for (const [i, f] of fields.entries()) {
    const out = new Set<number>();
    for (const part of f.split(",")) {
      const err = getRange(part, FIELDS[i], out);
      if (err) return { ok: false, error: err };
    }
    sets.push(out);
  }
  return {
    ok: true,
    value: {
      fields: sets,
      domStar: fields[2].startsWith("*") || fields[2].startsWith("?"),
      dowStar: fields[4].startsWith("*") || fields[4].startsWith("?"),
    },
  };
}
