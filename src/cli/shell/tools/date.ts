/**
 * `date`, from the simulation's virtual clock and always in UTC (the simulated hosts run
 * with TZ=UTC). Supports `+FORMAT`, `-u`, `-d @SECONDS` / `-d DATE`, `-I`, `-R`, `--rfc-3339`.
 */
import type { Command } from "../../types.ts";
import { localeQuote, usageError } from "./util.ts";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const p2 = (n: number): string => String(n).padStart(2, "0");

export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = d.getUTCHours();
  const M = d.getUTCMinutes();
  const S = d.getUTCSeconds();
  const w = d.getUTCDay();
  const yday = Math.floor((Date.UTC(Y, m, day) - Date.UTC(Y, 0, 1)) / 86_400_000) + 1;
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== "%" || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    let k = fmt[++i];
    let noPad = false;
    if (k === "-") {
      noPad = true;
      k = fmt[++i];
    }
    const num = (n: number, width = 2) => (noPad ? String(n) : String(n).padStart(width, "0"));
    switch (k) {
      case "Y":
        out += Y;
        break;
      case "C":
        out += num(Math.floor(Y / 100));
        break;
      case "y":
        out += num(Y % 100);
        break;
      case "m":
        out += num(m + 1);
        break;
      case "d":
        out += num(day);
        break;
      case "e":
        out += noPad ? String(day) : String(day).padStart(2, " ");
        break;
      case "H":
        out += num(H);
        break;
      case "k":
        out += String(H).padStart(2, " ");
        break;
      case "I":
        out += num(H % 12 || 12);
        break;
      case "l":
        out += String(H % 12 || 12).padStart(2, " ");
        break;
      case "M":
        out += num(M);
        break;
      case "S":
        out += num(S);
        break;
      case "N":
        out += String((ms % 1000) * 1_000_000).padStart(9, "0");
        break;
      case "s":
        out += Math.floor(ms / 1000);
        break;
      case "p":
        out += H < 12 ? "AM" : "PM";
        break;
      case "P":
        out += H < 12 ? "am" : "pm";
        break;
      case "a":
        out += DAYS[w].slice(0, 3);
        break;
      case "A":
        out += DAYS[w];
        break;
      case "b":
      case "h":
        out += MONTHS[m].slice(0, 3);
        break;
      case "B":
        out += MONTHS[m];
        break;
      case "j":
        out += num(yday, 3);
        break;
      case "u":
        out += w === 0 ? 7 : w;
        break;
      case "w":
        out += w;
        break;
      case "Z":
        out += "UTC";
        break;
      case "z":
        out += "+0000";
        break;
      case ":":
        if (fmt[i + 1] === "z") {
          out += "+00:00";
          i++;
        } else out += "%:";
        break;
      case "T":
        out += `${p2(H)}:${p2(M)}:${p2(S)}`;
        break;
      case "R":
        out += `${p2(H)}:${p2(M)}`;
        break;
      case "D":
        out += `${p2(m + 1)}/${p2(day)}/${p2(Y % 100)}`;
        break;
      case "F":
        out += `${Y}-${p2(m + 1)}-${p2(day)}`;
        break;
      case "c":
        out += strftime("%a %b %e %H:%M:%S %Y", ms);
        break;
      case "x":
        out += strftime("%m/%d/%y", ms);
        break;
      case "X":
        out += strftime("%H:%M:%S", ms);
        break;
      case "n":
        out += "\n";
        break;
      case "t":
        out += "\t";
        break;
      case "%":
        out += "%";
        break;
      default:
        out += `%${k}`;
    }
  }
  return out;
}

export const date: Command = {
  name: "date",
  summary: "print the system date and time (virtual clock, UTC)",
  run(ctx) {
    let ms = ctx.host.now();
    let fmt = "%a %b %e %H:%M:%S %Z %Y";
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "-u" || a === "--utc" || a === "--universal") continue;
      if (a === "-d" || a === "--date" || a.startsWith("--date=") || (a.startsWith("-d") && a.length > 2)) {
        const v = a === "-d" || a === "--date" ? args[++i] : a.startsWith("--date=") ? a.slice(7) : a.slice(2);
        const parsed = parseDate(v ?? "", ms);
        if (parsed === undefined)
          return { stdout: "", stderr: `date: invalid date ${localeQuote(ctx.env, v ?? "")}\n`, exitCode: 1 };
        ms = parsed;
      } else if (a === "-I" || a.startsWith("--iso-8601") || a.startsWith("-I")) {
        const unit = a.includes("=")
          ? a.slice(a.indexOf("=") + 1)
          : a.length > 2 && a.startsWith("-I")
            ? a.slice(2)
            : "date";
        fmt =
          unit === "seconds"
            ? "%Y-%m-%dT%H:%M:%S%:z"
            : unit === "minutes"
              ? "%Y-%m-%dT%H:%M%:z"
              : unit === "hours"
                ? "%Y-%m-%dT%H%:z"
                : "%Y-%m-%d";
      } else if (a === "-R" || a === "--rfc-email" || a === "--rfc-2822") fmt = "%a, %d %b %Y %H:%M:%S %z";
      else if (a.startsWith("--rfc-3339=")) {
        const unit = a.slice(11);
        fmt = unit === "date" ? "%Y-%m-%d" : unit === "ns" ? "%Y-%m-%d %H:%M:%S.%N%:z" : "%Y-%m-%d %H:%M:%S%:z";
      } else if (a.startsWith("+")) fmt = a.slice(1);
      else if (a.startsWith("-"))
        return { stdout: "", stderr: usageError("date", `invalid option -- '${a[1]}'`), exitCode: 1 };
      else return { stdout: "", stderr: `date: invalid date ${localeQuote(ctx.env, a)}\n`, exitCode: 1 };
    }
    return { stdout: `${strftime(fmt, ms)}\n`, stderr: "", exitCode: 0 };
  },
};

function parseDate(v: string, now: number): number | undefined {
  const t = v.trim();
  if (t.startsWith("@")) {
    const n = Number(t.slice(1));
    return Number.isFinite(n) ? n * 1000 : undefined;
  }
  if (t === "" || t === "now" || t === "today") return now;
  if (t === "yesterday") return now - 86_400_000;
  if (t === "tomorrow") return now + 86_400_000;
  const rel = /^([+-]?\d+)\s*(second|sec|minute|min|hour|day|week)s?( ago)?$/.exec(t);
  if (rel) {
    const unit: Record<string, number> = {
      second: 1e3,
      sec: 1e3,
      minute: 6e4,
      min: 6e4,
      hour: 3.6e6,
      day: 8.64e7,
      week: 6.048e8,
    };
    const n = Number(rel[1]) * unit[rel[2]] * (rel[3] ? -1 : 1);
    return now + n;
  }
  const iso = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t);
  if (!iso) return undefined;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(t)
    ? t.replace(" ", "T")
    : `${t.replace(" ", "T")}${t.length > 10 ? "" : "T00:00"}Z`;
  const n = Date.parse(withZone);
  return Number.isNaN(n) ? undefined : n;
}
