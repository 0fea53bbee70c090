/**
 * When a cron schedule fires (robfig/cron/v3 SpecSchedule.Next, as the CronJob controller uses
 * it), in virtual time and, from 1.24, in the CronJob's spec.timeZone.
 *
 * Next(t) is the first whole minute strictly after t whose month, day, hour and minute are all
 * in the schedule. Day matching follows cron: when day-of-month or day-of-week is `*`, both
 * must match; otherwise either may. Example: "0 12 1 * MON" fires at noon on the 1st of every
 * month and on every Monday.
 *
 * The search skips whole months, days and hours that cannot match, so even a yearly schedule
 * takes a few dozen steps. A time zone is handled as robfig does: the search runs on the wall
 * clock of that zone (offsets from Intl, cached per hour) and the result is converted back.
 */
import { parseCronSchedule } from "../../validation/cron.ts";

export interface Schedule {
  /** The first activation strictly after `after` (ms), or undefined if none within 5 years. */
  next(after: number): number | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FIVE_YEARS = 5 * 366 * 24 * HOUR;

export type ScheduleResult = { ok: true; schedule: Schedule } | { ok: false; error: string };

/** Parses `spec` (with an optional TZ=/CRON_TZ= prefix) for `timeZone` (IANA name, "" = UTC). */
export function parseSchedule(spec: string, timeZone = ""): ScheduleResult {
  let zone = timeZone;
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s/.exec(spec);
  if (prefix) zone = prefix[1];
  const offset = zoneOffset(zone);
  if (!offset) return { ok: false, error: `unknown time zone ${zone}` };
  const body = prefix ? spec.slice(prefix[0].length).trim() : spec.trim();
  const every = /^@every\s+(\S+)$/.exec(body);
  if (every) {
    const d = parseGoDuration(every[1]);
    if (d === undefined || d <= 0) return { ok: false, error: `failed to parse duration ${body}` };
    // ConstantDelaySchedule: at least a second, rounded to seconds, relative to `after`.
    const delay = Math.max(1000, Math.floor(d / 1000) * 1000);
    return { ok: true, schedule: { next: (after) => Math.floor(after / 1000) * 1000 + delay } };
  }
  const parsed = parseCronSchedule(body);
  if (!parsed.ok) return parsed;
  const { fields, domStar, dowStar } = parsed.value;
  const [minutes, hours, doms, months, dows] = fields;
  const dayMatches = (d: Date): boolean => {
    const dom = doms.has(d.getUTCDate());
    const dow = dows.has(d.getUTCDay());
    return domStar || dowStar ? dom && dow : dom || dow;
  };
  /** The search on a wall clock expressed as UTC milliseconds. */
  const nextWall = (afterWall: number): number | undefined => {
    let t = Math.floor(afterWall / MINUTE) * MINUTE + MINUTE;
    const limit = afterWall + FIVE_YEARS;
    while (t <= limit) {
      const d = new Date(t);
      if (!months.has(d.getUTCMonth() + 1)) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        continue;
      }
      if (!dayMatches(d)) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
        continue;
      }
      if (!hours.has(d.getUTCHours())) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
        continue;
      }
      if (!minutes.has(d.getUTCMinutes())) {
        t += MINUTE;
        continue;
      }
      return t;
    }
    return undefined;
  };
  return {
    ok: true,
    schedule: {
      next(after) {
        let wallAfter = after + offset(after);
        for (let i = 0; i < 4; i++) {
          const wall = nextWall(wallAfter);
          if (wall === undefined) return undefined;
          // The instant showing `wall` on the zone's clock (offset taken near it, for DST).
          const t = wall - offset(wall - offset(after));
          if (t > after) return t;
          wallAfter = wall;
        }
        return undefined;
      },
    },
  };
}

/** A function giving the zone's UTC offset (ms) at an instant, or undefined for an unknown zone. */
function zoneOffset(zone: string): ((at: number) => number) | undefined {
  if (zone === "" || zone === "UTC" || zone === "Etc/UTC") return () => 0;
  if (zone === "Local") return () => 0; // kube-controller-manager runs in UTC on kubeadm clusters.
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    return undefined;
  }
  const cache = new Map<number, number>();
  return (at) => {
    const hour = Math.floor(at / HOUR);
    const hit = cache.get(hour);
    if (hit !== undefined) return hit;
    const parts: Record<string, number> = {};
    for (const p of fmt.formatToParts(new Date(hour * HOUR))) if (p.type !== "literal") parts[p.type] = Number(p.value);
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    const off = wall - hour * HOUR;
    cache.set(hour, off);
    return off;
  };
}

/** time.ParseDuration for the units cron's @every uses (h, m, s, ms). */
function parseGoDuration(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    if (m.index !== consumed) return undefined;
    consumed += m[0].length;
    const n = Number(m[1]);
    total += n * (m[2] === "h" ? HOUR : m[2] === "m" ? MINUTE : m[2] === "s" ? 1000 : 1);
  }
  return consumed === s.length && consumed > 0 ? total : undefined;
}

/** The zone's offset at an instant, for formatting timestamps in it (RFC 3339 with offset). */
export function formatInZone(at: number, timeZone: string): string {
  const off = zoneOffset(timeZone)?.(at) ?? 0;
  const wall = new Date(at + off).toISOString().slice(0, 19);
  if (off === 0) return `${wall}Z`;
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off) / MINUTE;
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
