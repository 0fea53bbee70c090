/**
 * A flag parser with spf13/pflag's rules and wording, as kubectl users meet them:
 * `--name=value`, `--name value`, `-n value`, `-nvalue`, grouped booleans `-it`,
 * `--bool=false`, repeatable flags, and `--` ending flags. Returns `{ok}` or an error in
 * kubectl's words; never throws.
 */
export type FlagKind = "bool" | "string" | "int" | "stringArray" | "duration";

export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
  default?: string | boolean | number | string[];
  /** For string flags that may appear alone (`--dry-run` means `--dry-run=unchanged`). */
  noOptDefault?: string;
  help?: string;
}

export type FlagValues = Map<string, string | boolean | number | string[]>;

export type ParseResult =
  | { ok: true; flags: FlagValues; args: string[]; afterDash: string[] | undefined }
  | { ok: false; error: string };

export function parseFlags(argv: string[], specs: FlagSpec[]): ParseResult {
  const byName = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const s of specs) {
    byName.set(s.name, s);
    if (s.short) byShort.set(s.short, s);
  }
  const flags: FlagValues = new Map();
  for (const s of specs) if (s.default !== undefined) flags.set(s.name, s.default);
  const set = new Set<string>();
  const args: string[] = [];

  const assign = (spec: FlagSpec, raw: string, shown: string): string | undefined => {
    switch (spec.kind) {
      case "bool": {
        const v = parseBool(raw);
        if (v === undefined)
          return `invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`;
        flags.set(spec.name, v);
        break;
      }
      case "int": {
        if (!/^[+-]?\d+$/.test(raw))
          return `invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`;
        flags.set(spec.name, Number.parseInt(raw, 10));
        break;
      }
      case "stringArray": {
        const prev = set.has(spec.name) ? (flags.get(spec.name) as string[]) : [];
        flags.set(spec.name, [...prev, raw]);
        break;
      }
      default:
        flags.set(spec.name, raw);
    }
    set.add(spec.name);
    return undefined;
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") return { ok: true, flags, args, afterDash: argv.slice(i + 1) };
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) return { ok: false, error: `unknown flag: --${name}` };
      let value: string;
      if (eq >= 0) value = a.slice(eq + 1);
      else if (spec.kind === "bool") value = "true";
      else if (spec.noOptDefault !== undefined) value = spec.noOptDefault;
      else if (i + 1 < argv.length) value = argv[++i];
      else return { ok: false, error: `flag needs an argument: --${name}` };
      const err = assign(spec, value, `--${name}`);
      if (err) return { ok: false, error: err };
      continue;
    }
    if (a.startsWith("-") && a.length > 1 && a !== "-") {
      // Shorthand group: -it, -n ns, -nns, -o=yaml
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const spec = byShort.get(c);
        if (!spec) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}` };
        const shown = `-${c}, --${spec.name}`;
        if (spec.kind === "bool") {
          if (a[j + 1] === "=") {
            const err = assign(spec, a.slice(j + 2), shown);
            if (err) return { ok: false, error: err };
            break;
          }
          assign(spec, "true", shown);
          continue;
        }
        let value: string;
        if (j + 1 < a.length) value = a[j + 1] === "=" ? a.slice(j + 2) : a.slice(j + 1);
        else if (spec.noOptDefault !== undefined) value = spec.noOptDefault;
        else if (i + 1 < argv.length) value = argv[++i];
        else return { ok: false, error: `flag needs an argument: '${c}' in ${a}` };
        const err = assign(spec, value, shown);
        if (err) return { ok: false, error: err };
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { ok: true, flags, args, afterDash: undefined };
}

function parseBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

export const str = (f: FlagValues, name: string): string => (f.get(name) as string | undefined) ?? "";
export const bool = (f: FlagValues, name: string): boolean => f.get(name) === true;
export const int = (f: FlagValues, name: string, dflt: number): number => {
  const v = f.get(name);
  return typeof v === "number" ? v : dflt;
};
export const list = (f: FlagValues, name: string): string[] => (f.get(name) as string[] | undefined) ?? [];
