/**
 * printf-style formatting shared by `printf` and awk's printf/sprintf: flags `-+ #0`, width,
 * precision (or `*`), and the conversions d i o u x X c s e E f F g G (plus b and q for the
 * shell's printf).
 */

export interface Spec {
  flags: string;
  width?: number;
  precision?: number;
  conv: string;
}

/** Formats a C number the way glibc does for %e (exponent at least two digits). */
function expo(v: number, p: number, upper: boolean): string {
  let s = v.toExponential(p);
  s = s.replace(/e([+-])(\d)$/, "e$10$2");
  return upper ? s.toUpperCase() : s;
}

function gFormat(v: number, p: number, alt: boolean, upper: boolean): string {
  if (p === 0) p = 1;
  if (v === 0) return alt ? `0.${"0".repeat(p - 1)}` : "0";
  if (!Number.isFinite(v)) return nonFinite(v, upper);
  const x = Math.floor(Math.log10(Math.abs(v)));
  // Rounding can bump the exponent (9.9999995 -> 1e+01), so decide on the rounded value.
  const rounded = Number(v.toExponential(p - 1));
  const ex = rounded === 0 ? x : Math.floor(Math.log10(Math.abs(rounded)));
  let s: string;
  if (ex < -4 || ex >= p) {
    s = expo(v, p - 1, upper);
    if (!alt) s = s.replace(/\.?0+([eE])/, "$1");
  } else {
    s = v.toFixed(Math.max(0, p - 1 - ex));
    if (!alt && s.includes(".")) s = s.replace(/\.?0+$/, "");
  }
  return s;
}

function nonFinite(v: number, upper: boolean): string {
  const s = Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  return upper ? s.toUpperCase() : s;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  const w = spec.width ?? 0;
  if (s.length >= w) return s;
  if (spec.flags.includes("-")) return s + " ".repeat(w - s.length);
  const intConv = "diouxX".includes(spec.conv);
  if (numeric && spec.flags.includes("0") && !(intConv && spec.precision !== undefined)) {
    const sign = /^[+\- ]/.test(s) ? s[0] : "";
    const prefix = /^[+\- ]?0[xX]/.test(s) ? s.slice(sign.length, sign.length + 2) : "";
    const body = s.slice(sign.length + prefix.length);
    return sign + prefix + "0".repeat(w - s.length) + body;
  }
  return " ".repeat(w - s.length) + s;
}

function signed(s: string, neg: boolean, flags: string): string {
  if (neg) return `-${s}`;
  if (flags.includes("+")) return `+${s}`;
  if (flags.includes(" ")) return ` ${s}`;
  return s;
}

export function formatNumber(spec: Spec, v: number): string {
  const conv = spec.conv;
  const f = spec.flags;
  switch (conv) {
    case "d":
    case "i": {
      const n = Math.trunc(v);
      let s = Number.isFinite(n) ? BigInt(Math.abs(n)).toString() : "0";
      if (spec.precision !== undefined) s = s.padStart(spec.precision, "0");
      if (spec.precision === 0 && n === 0) s = "";
      return pad(signed(s, n < 0, f), spec, true);
    }
    case "o":
    case "u":
    case "x":
    case "X": {
      let n = Math.trunc(v);
      if (n < 0) n = 2 ** 64 + n;
      let s = n.toString(conv === "o" ? 8 : conv === "u" ? 10 : 16);
      if (conv === "X") s = s.toUpperCase();
      if (spec.precision !== undefined) s = s.padStart(spec.precision, "0");
      if (f.includes("#") && n !== 0)
        s = conv === "o" ? `0${s}` : conv === "x" ? `0x${s}` : conv === "X" ? `0X${s}` : s;
      return pad(s, spec, true);
    }
    case "e":
    case "E": {
      if (!Number.isFinite(v)) return pad(nonFinite(v, conv === "E"), spec, false);
      const s = expo(Math.abs(v), spec.precision ?? 6, conv === "E");
      return pad(signed(s, v < 0 || Object.is(v, -0), f), spec, true);
    }
    case "f":
    case "F": {
      if (!Number.isFinite(v)) return pad(nonFinite(v, conv === "F"), spec, false);
      let s = Math.abs(v).toFixed(spec.precision ?? 6);
      if (f.includes("#") && !s.includes(".")) s += ".";
      return pad(signed(s, v < 0, f), spec, true);
    }
    case "g":
    case "G": {
      const s = gFormat(Math.abs(v), spec.precision ?? 6, f.includes("#"), conv === "G");
      return pad(signed(s, v < 0, f), spec, true);
    }
  }
  return String(v);
}

export function formatString(spec: Spec, s: string): string {
  if (spec.precision !== undefined) s = s.slice(0, spec.precision);
  return pad(s, spec, false);
}

/** Backslash escapes of printf's format (and of `%b` arguments, which also take `\c`). */
export function unescapeC(s: string, forB = false): { text: string; stop: boolean } {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    switch (n) {
      case "n":
        out += "\n";
        break;
      case "t":
        out += "\t";
        break;
      case "r":
        out += "\r";
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "v":
        out += "\v";
        break;
      case "e":
        out += "\x1b";
        break;
      case "\\":
        out += "\\";
        break;
      case '"':
        out += '"';
        break;
      case "'":
        out += "'";
        break;
      case "c":
        if (forB) return { text: out, stop: true };
        out += "\\c";
        break;
      case "x": {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (m) {
          out += String.fromCharCode(Number.parseInt(m[0], 16));
          i += m[0].length;
        } else out += "\\x";
        break;
      }
      default:
        if (n >= "0" && n <= "7") {
          const m = /^[0-7]{1,3}/.exec(s.slice(forB && n === "0" ? i + 1 : i))!;
          const digits = m ? m[0] : "";
          out += String.fromCharCode(Number.parseInt(digits || "0", 8) & 0xff);
          i += (forB && n === "0" ? 1 : 0) + digits.length - 1;
        } else out += `\\${n}`;
    }
  }
  return { text: out, stop: false };
}

/** Parses one `%...` directive at `fmt[i] === "%"`. */
export function parseSpec(
  fmt: string,
  i: number,
): { flags: string; width?: string; precision?: string; conv: string; end: number } | undefined {
  const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])/.exec(fmt.slice(i));
  if (!m) return undefined;
  return { flags: m[1], width: m[2], precision: m[3], conv: m[4], end: i + m[0].length };
}

/** The shell's printf: the format is reused until the arguments run out. */
export function shellPrintf(fmt: string, args: string[]): { out: string; errors: string[] } {
  let out = "";
  const errors: string[] = [];
  let ai = 0;
  const next = (): string | undefined => (ai < args.length ? args[ai++] : undefined);
  const num = (s: string | undefined): number => {
    if (s === undefined || s === "") return 0;
    const t = s.trim();
    if (/^[+-]?\d+$/.test(t)) return Number(t);
    if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t, 16);
    if (/^['"]./.test(s)) return s.codePointAt(1) ?? 0;
    const f = Number(t);
    if (t !== "" && !Number.isNaN(f)) return f;
    errors.push(`printf: ${s}: invalid number`);
    const lead = /^[+-]?\d+/.exec(t);
    return lead ? Number(lead[0]) : 0;
  };
  for (let round = 0; round < 10_000; round++) {
    const startAi = ai;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i];
      if (c === "\\") {
        let j = i + 1;
        if (fmt[j] === "x") j += Math.min(2, /^[0-9a-fA-F]*/.exec(fmt.slice(j + 1))![0].length) + 1;
        else if (fmt[j] >= "0" && fmt[j] <= "7") j += /^[0-7]{1,3}/.exec(fmt.slice(j))![0].length;
        else j++;
        const u = unescapeC(fmt.slice(i, j), true);
        out += u.text;
        if (u.stop) return { out, errors };
        i = j - 1;
        continue;
      }
      if (c !== "%") {
        out += c;
        continue;
      }
      if (fmt[i + 1] === "%") {
        out += "%";
        i++;
        continue;
      }
      const p = parseSpec(fmt, i);
      if (!p) {
        errors.push(`printf: ${fmt.slice(i, i + 2)}: invalid directive`);
        out += fmt.slice(i);
        return { out, errors };
      }
      i = p.end - 1;
      const spec: Spec = { flags: p.flags, conv: p.conv };
      if (p.width === "*") spec.width = num(next());
      else if (p.width) spec.width = Number(p.width);
      if (spec.width !== undefined && spec.width < 0) {
        spec.flags += "-";
        spec.width = -spec.width;
      }
      if (p.precision === "*") spec.precision = num(next());
      else if (p.precision !== undefined) spec.precision = Number(p.precision || "0");
      const arg = next();
      switch (p.conv) {
        case "s":
          out += formatString(spec, arg ?? "");
          break;
        case "b": {
          const u = unescapeC(arg ?? "", true);
          out += formatString(spec, u.text);
          if (u.stop) return { out, errors };
          break;
        }
        case "q":
          out += formatString(spec, shellQuoteQ(arg ?? ""));
          break;
        case "c":
          out += formatString(spec, (arg ?? "").charAt(0));
          break;
        case "d":
        case "i":
        case "o":
        case "u":
        case "x":
        case "X":
        case "e":
        case "E":
        case "f":
        case "F":
        case "g":
        case "G":
          out += formatNumber(spec, num(arg));
          break;
        default:
          errors.push(`printf: %${p.conv}: invalid directive`);
          return { out, errors };
      }
    }
    if (ai >= args.length || ai === startAi) break;
  }
  return { out, errors };
}

function shellQuoteQ(s: string): string {
  if (s === "") return "''";
  return s.replace(/[^A-Za-z0-9_./,:=+@%^-]/g, "\\$&");
}
