/** jq's builtin functions, keyed by `name/arity`. Filter arguments arrive unevaluated. */
import {
  binop,
  deletePaths,
  type Env,
  envObject,
  errDesc,
  getPath,
  type Interp,
  iterate,
  JqError,
  MAX_OUTPUTS,
  type Path,
  setPath,
  toJsonText,
  truthy,
} from "./eval.ts";
import {
  compareJson,
  compareStrings,
  isObject,
  type Json,
  JsonParseError,
  newObject,
  parseJsonStream,
  typeName,
} from "./json.ts";
import type { Ast } from "./parse.ts";

type Builtin = (ip: Interp, args: Ast[], input: Json, env: Env) => Json[];

const one =
  (f: (v: Json) => Json): Builtin =>
  (_ip, _a, input) => [f(input)];
/** Evaluates a filter argument and maps each value (arity-1 value functions like `has(k)`). */
const each =
  (f: (input: Json, arg: Json) => Json): Builtin =>
  (ip, args, input, env) =>
    ip.eval(args[0], input, env).map((a) => f(input, a));

function keysOf(v: Json, sorted: boolean): Json {
  if (isObject(v)) {
    const ks = Object.keys(v);
    return sorted ? ks.sort(compareStrings) : ks;
  }
  if (Array.isArray(v)) return v.map((_, i) => i);
  throw new JqError(`${errDesc(v)} has no keys`);
}

function length(v: Json): Json {
  if (v === null) return 0;
  if (typeof v === "boolean") throw new JqError(`${errDesc(v)} has no length`);
  if (typeof v === "number") return Math.abs(v);
  if (typeof v === "string") return [...v].length;
  if (Array.isArray(v)) return v.length;
  return Object.keys(v).length;
}

function requireArray(v: Json, what: string): Json[] {
  if (!Array.isArray(v)) throw new JqError(`Cannot ${what} ${errDesc(v)}`);
  return v;
}

function sortBy(ip: Interp, args: Ast[], input: Json, env: Env): { v: Json; key: Json }[] {
  if (!Array.isArray(input)) throw new JqError(`${errDesc(input)} cannot be sorted, as it is not an array`);
  return input.map((v) => ({ v, key: ip.eval(args[0], v, env) as Json })).sort((a, b) => compareJson(a.key, b.key));
}

function contains(a: Json, b: Json): boolean {
  if (typeof a === "string" && typeof b === "string") return a.includes(b);
  if (Array.isArray(a) && Array.isArray(b)) return b.every((y) => a.some((x) => contains(x, y)));
  if (isObject(a) && isObject(b)) return Object.keys(b).every((k) => Object.hasOwn(a, k) && contains(a[k], b[k]));
  if (typeName(a) !== typeName(b))
    throw new JqError(`${errDesc(a)} and ${errDesc(b)} cannot have their containment checked`);
  return compareJson(a, b) === 0;
}

function flatten(v: Json, depth: number): Json[] {
  if (depth < 0) throw new JqError("flatten depth must not be negative");
  const out: Json[] = [];
  for (const x of requireArray(v, "flatten")) {
    if (Array.isArray(x) && depth > 0) out.push(...flatten(x, depth - 1));
    else out.push(x);
  }
  return out;
}

function regex(re: Json, flags: Json): RegExp {
  if (typeof re !== "string") throw new JqError(`${errDesc(re)} cannot be matched, as it is not a string`);
  const f = typeof flags === "string" ? flags : "";
  let js = "";
  if (f.includes("i")) js += "i";
  if (f.includes("g")) js += "g";
  if (f.includes("s")) js += "s";
  const src = f.includes("x")
    ? re.replace(/\\#/g, "\0").replace(/#.*$/gm, "").replace(/\s+/g, "").replace(/\0/g, "\\#")
    : re;
  try {
    return new RegExp(src.replace(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g, "(?<$1>"), `${js}d`);
  } catch {
    throw new JqError(`${re} (at offset 0) is not a valid regex`);
  }
}

function matchObjects(s: Json, re: RegExp, global: boolean): Json[] {
  if (typeof s !== "string") throw new JqError(`${errDesc(s)} cannot be matched, as it is not a string`);
  const out: Json[] = [];
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
  for (let m = g.exec(s); m; m = g.exec(s)) {
    const names = Object.entries(m.groups ?? {});
    const captures: Json[] = [];
    for (let i = 1; i < m.length; i++) {
      const idx = m.indices?.[i];
      const name = names.find(([, v], j) => v === m![i] && j === captures.length)?.[0] ?? null;
      const c = newObject();
      c.offset = idx ? idx[0] : -1;
      c.length = m[i] === undefined ? 0 : m[i].length;
      c.string = m[i] ?? null;
      c.name = name;
      captures.push(c);
    }
    const o = newObject();
    o.offset = m.index;
    o.length = m[0].length;
    o.string = m[0];
    o.captures = captures;
    out.push(o);
    if (m[0] === "") g.lastIndex++;
    if (!global) break;
  }
  return out;
}

function captureObject(m: Json): Json {
  const o = newObject();
  for (const c of (m as Record<string, Json>).captures as Json[]) {
    const cap = c as Record<string, Json>;
    if (typeof cap.name === "string") o[cap.name] = cap.string;
  }
  return o;
}

function substitute(ip: Interp, args: Ast[], input: Json, env: Env, global: boolean): Json[] {
  if (typeof input !== "string") throw new JqError(`${errDesc(input)} cannot be matched, as it is not a string`);
  const out: Json[] = [];
  for (const re of ip.eval(args[0], input, env)) {
    const flags = args[2] ? ip.eval(args[2], input, env)[0] : null;
    const r = regex(re, flags);
    const ms = matchObjects(input, r, global || (typeof flags === "string" && flags.includes("g")));
    let res = "";
    let last = 0;
    for (const m of ms) {
      const mo = m as Record<string, number>;
      const rep = ip.eval(args[1], captureObject(m), env)[0];
      if (typeof rep !== "string") throw new JqError(`${errDesc(input)} cannot be added to ${errDesc(rep ?? null)}`);
      res += input.slice(last, mo.offset) + rep;
      last = mo.offset + mo.length;
    }
    out.push(res + input.slice(last));
  }
  return out;
}

function toEntries(v: Json): Json {
  if (!isObject(v)) throw new JqError(`${errDesc(v)} has no keys`);
  return Object.keys(v).map((k) => {
    const e = newObject();
    e.key = k;
    e.value = v[k];
    return e;
  });
}

function fromEntries(v: Json): Json {
  const o = newObject();
  for (const e of iterate(v)) {
    if (!isObject(e)) throw new JqError(`Cannot index ${typeName(e)} with "key"`);
    const pick = (...names: string[]) => {
      for (const n of names) if (Object.hasOwn(e, n) && e[n] !== null && e[n] !== false) return e[n];
      for (const n of names) if (Object.hasOwn(e, n)) return e[n];
      return null;
    };
    const k = pick("key", "k", "name", "Name", "Key", "K");
    const key =
      typeof k === "string"
        ? k
        : k === null
          ? "null"
          : typeof k === "number" || typeof k === "boolean"
            ? String(k)
            : undefined;
    if (key === undefined) throw new JqError(`Cannot use ${errDesc(k)} as object key`);
    o[key] = Object.hasOwn(e, "value")
      ? e.value
      : Object.hasOwn(e, "v")
        ? e.v
        : Object.hasOwn(e, "Value")
          ? e.Value
          : null;
  }
  return o;
}

function allPaths(v: Json, pred?: (x: Json) => boolean): Path[] {
  const out: Path[] = [];
  const walk = (x: Json, p: Path, depth: number) => {
    if (depth > 512) throw new JqError("labgrader: limit reached: recursion deeper than 512 (jq depth limit)");
    if (p.length && (!pred || pred(x))) out.push(p);
    if (Array.isArray(x))
      x.forEach((y, i) => {
        walk(y, [...p, i], depth + 1);
      });
    else if (isObject(x)) for (const k of Object.keys(x)) walk(x[k], [...p, k], depth + 1);
  };
  walk(v, [], 0);
  return out;
}

function walk(ip: Interp, f: Ast, v: Json, env: Env, depth: number): Json[] {
  if (depth > 512) throw new JqError("labgrader: limit reached: recursion deeper than 512 (jq depth limit)");
  let x = v;
  if (Array.isArray(v)) x = v.flatMap((y) => walk(ip, f, y, env, depth + 1));
  else if (isObject(v)) {
    const o = newObject();
    for (const k of Object.keys(v)) {
      const r = walk(ip, f, v[k], env, depth + 1);
      if (r.length) o[k] = r[r.length - 1];
    }
    x = o;
  }
  return ip.eval(f, x, env);
}

function isoDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const B: Record<string, Builtin> = {
  "empty/0": () => [],
  "not/0": one((v) => !truthy(v)),
  "length/0": one(length),
  "utf8bytelength/0": one((v) => {
    if (typeof v !== "string") throw new JqError(`${errDesc(v)} only strings have UTF-8 byte length`);
    return new TextEncoder().encode(v).length;
  }),
  "keys/0": one((v) => keysOf(v, true)),
  "keys_unsorted/0": one((v) => keysOf(v, false)),
  "values/0": (_ip, _a, v) => (v === null ? [] : [v]),
  "has/1": each((v, k) => {
    if (isObject(v) && typeof k === "string") return Object.hasOwn(v, k);
    if (Array.isArray(v) && typeof k === "number") return k >= 0 && k < v.length;
    throw new JqError(`Cannot check whether ${typeName(v)} has a ${typeName(k)} key`);
  }),
  "in/1": each((k, o) => {
    if (isObject(o) && typeof k === "string") return Object.hasOwn(o, k);
    if (Array.isArray(o) && typeof k === "number") return k >= 0 && k < o.length;
    throw new JqError(`Cannot check whether ${typeName(o)} has a ${typeName(k)} key`);
  }),
  "contains/1": each((a, b) => contains(a, b)),
  "inside/1": each((a, b) => contains(b, a)),
  "map/1": (ip, args, v, env) => [iterate(v).flatMap((x) => ip.eval(args[0], x, env))],
  "map_values/1": (ip, args, v, env) => {
    if (Array.isArray(v)) return [v.flatMap((x) => ip.eval(args[0], x, env).slice(0, 1))];
    if (!isObject(v)) throw new JqError(`Cannot iterate over ${errDesc(v)}`);
    const o = newObject();
    for (const k of Object.keys(v)) {
      const r = ip.eval(args[0], v[k], env);
      if (r.length) o[k] = r[0];
    }
    return [o];
  },
  "select/1": (ip, args, v, env) =>
    ip
      .eval(args[0], v, env)
      .filter(truthy)
      .map(() => v),
  "recurse/0": (ip, _a, v) => ip.recurseAll(v),
  "recurse/1": (ip, args, v, env) => {
    const out: Json[] = [];
    const go = (x: Json, depth: number) => {
      if (depth > 512) throw new JqError("labgrader: limit reached: recursion deeper than 512 (jq depth limit)");
      out.push(x);
      if (out.length > MAX_OUTPUTS)
        throw new JqError(`labgrader: limit reached: more than ${MAX_OUTPUTS} jq results (jq output limit)`);
      for (const y of ip.eval(args[0], x, env)) go(y, depth + 1);
    };
    go(v, 0);
    return out;
  },
  "recurse/2": (ip, args, v, env) => {
    const out: Json[] = [];
    const go = (x: Json, depth: number) => {
      if (depth > 512) throw new JqError("labgrader: limit reached: recursion deeper than 512 (jq depth limit)");
      out.push(x);
      for (const y of ip.eval(args[0], x, env)) if (ip.eval(args[1], y, env).some(truthy)) go(y, depth + 1);
    };
    go(v, 0);
    return out;
  },
  "to_entries/0": one(toEntries),
  "from_entries/0": one(fromEntries),
  "with_entries/1": (ip, args, v, env) => [
    fromEntries((toEntries(v) as Json[]).flatMap((e) => ip.eval(args[0], e, env))),
  ],
  "add/0": one((v) => iterate(v).reduce<Json>((acc, x) => binop("+", acc, x), null)),
  "any/0": one((v) => iterate(v).some(truthy)),
  "all/0": one((v) => iterate(v).every(truthy)),
  "any/1": (ip, args, v, env) => [iterate(v).some((x) => ip.eval(args[0], x, env).some(truthy))],
  "all/1": (ip, args, v, env) => [iterate(v).every((x) => ip.eval(args[0], x, env).every(truthy))],
  "any/2": (ip, args, v, env) => [ip.eval(args[0], v, env).some((x) => ip.eval(args[1], x, env).some(truthy))],
  "all/2": (ip, args, v, env) => [ip.eval(args[0], v, env).every((x) => ip.eval(args[1], x, env).every(truthy))],
  "flatten/0": one((v) => flatten(v, 1e9)),
  "flatten/1": (ip, args, v, env) => ip.eval(args[0], v, env).map((d) => flatten(v, typeof d === "number" ? d : 0)),
  "range/1": (ip, args, v, env) => ip.eval(args[0], v, env).flatMap((n) => rangeOf(0, n, 1)),
  "range/2": (ip, args, v, env) =>
    ip.eval(args[0], v, env).flatMap((a) => ip.eval(args[1], v, env).flatMap((b) => rangeOf(a, b, 1))),
  "range/3": (ip, args, v, env) =>
    ip
      .eval(args[0], v, env)
      .flatMap((a) =>
        ip.eval(args[1], v, env).flatMap((b) => ip.eval(args[2], v, env).flatMap((s) => rangeOf(a, b, s))),
      ),
  "floor/0": one((v) => Math.floor(num(v, "floor"))),
  "ceil/0": one((v) => Math.ceil(num(v, "ceil"))),
  "round/0": one((v) => Math.round(num(v, "round"))),
  "sqrt/0": one((v) => Math.sqrt(num(v, "sqrt"))),
  "fabs/0": one((v) => Math.abs(num(v, "fabs"))),
  "abs/0": one((v) => Math.abs(num(v, "abs"))),
  "log/0": one((v) => Math.log(num(v, "log"))),
  "log10/0": one((v) => Math.log10(num(v, "log10"))),
  "log2/0": one((v) => Math.log2(num(v, "log2"))),
  "exp/0": one((v) => Math.exp(num(v, "exp"))),
  "exp10/0": one((v) => 10 ** num(v, "exp10")),
  "pow/2": (ip, args, v, env) =>
    ip.eval(args[0], v, env).flatMap((a) => ip.eval(args[1], v, env).map((b) => num(a, "pow") ** num(b, "pow"))),
  "tostring/0": one((v) => (typeof v === "string" ? v : toJsonText(v))),
  "tonumber/0": one((v) => {
    if (typeof v === "number") return v;
    if (typeof v === "string") {
      const t = v.trim();
      const n = Number(t);
      if (t === "" || Number.isNaN(n)) throw new JqError(`Cannot parse '${v}' as JSON`);
      return n;
    }
    throw new JqError(`${errDesc(v)} cannot be parsed as a number`);
  }),
  "type/0": one(typeName),
  "infinite/0": () => [Number.POSITIVE_INFINITY],
  "nan/0": () => [Number.NaN],
  "isinfinite/0": one((v) => num(v, "isinfinite") === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY),
  "isnan/0": one((v) => Number.isNaN(num(v, "isnan"))),
  "isnormal/0": one((v) => Number.isFinite(num(v, "isnormal")) && v !== 0),
  "sort/0": one((v) => {
    if (!Array.isArray(v)) throw new JqError(`${errDesc(v)} cannot be sorted, as it is not an array`);
    return [...v].sort(compareJson);
  }),
  "sort_by/1": (ip, args, v, env) => [sortBy(ip, args, v, env).map((x) => x.v)],
  "group_by/1": (ip, args, v, env) => {
    const groups: Json[][] = [];
    let lastKey: Json | undefined;
    for (const x of sortBy(ip, args, v, env)) {
      if (lastKey !== undefined && compareJson(lastKey, x.key) === 0) groups[groups.length - 1].push(x.v);
      else groups.push([x.v]);
      lastKey = x.key;
    }
    return [groups];
  },
  "unique/0": one((v) => {
    if (!Array.isArray(v)) throw new JqError(`${errDesc(v)} cannot be sorted, as it is not an array`);
    return [...v].sort(compareJson).filter((x, i, a) => i === 0 || compareJson(a[i - 1], x) !== 0);
  }),
  "unique_by/1": (ip, args, v, env) => [
    sortBy(ip, args, v, env)
      .filter((x, i, a) => i === 0 || compareJson(a[i - 1].key, x.key) !== 0)
      .map((x) => x.v),
  ],
  "min/0": one((v) => (requireArray(v, "find min of").length ? [...(v as Json[])].sort(compareJson)[0] : null)),
  "max/0": one((v) => (requireArray(v, "find max of").length ? [...(v as Json[])].sort(compareJson).at(-1)! : null)),
  "min_by/1": (ip, args, v, env) => [sortBy(ip, args, v, env)[0]?.v ?? null],
  "max_by/1": (ip, args, v, env) => [sortBy(ip, args, v, env).at(-1)?.v ?? null],
  "reverse/0": one((v) => {
    if (typeof v === "string") return [...v].reverse().join("");
    if (v === null) return [];
    return [...requireArray(v, "reverse")].reverse();
  }),
  "startswith/1": each((v, s) => {
    if (typeof v !== "string" || typeof s !== "string") throw new JqError("startswith() requires string inputs");
    return v.startsWith(s);
  }),
  "endswith/1": each((v, s) => {
    if (typeof v !== "string" || typeof s !== "string") throw new JqError("endswith() requires string inputs");
    return v.endsWith(s);
  }),
  "ltrimstr/1": each((v, s) =>
    typeof v === "string" && typeof s === "string" && v.startsWith(s) ? v.slice(s.length) : v,
  ),
  "rtrimstr/1": each((v, s) =>
    typeof v === "string" && typeof s === "string" && v.endsWith(s) && s !== "" ? v.slice(0, -s.length) : v,
  ),
  "trim/0": one((v) => str(v, "trim").trim()),
  "ltrim/0": one((v) => str(v, "ltrim").trimStart()),
  "rtrim/0": one((v) => str(v, "rtrim").trimEnd()),
  "explode/0": one((v) => [...str(v, "explode")].map((c) => c.codePointAt(0)!)),
  "implode/0": one((v) => String.fromCodePoint(...requireArray(v, "implode").map((n) => num(n, "implode")))),
  "split/1": each((v, s) => {
    if (typeof v !== "string" || typeof s !== "string") throw new JqError("split input and separator must be strings");
    return v === "" ? [] : v.split(s);
  }),
  "split/2": (ip, args, v, env) =>
    ip.eval(args[0], v, env).map((re) => str(v, "split").split(regex(re, ip.eval(args[1], v, env)[0] ?? null))),
  "join/1": each((v, sep) => {
    if (typeof sep !== "string") throw new JqError(`${errDesc(sep)} cannot be used as a separator`);
    return iterate(v)
      .map((x) => {
        if (x === null) return "";
        if (typeof x === "string") return x;
        if (typeof x === "number" || typeof x === "boolean") return String(x);
        throw new JqError(`Cannot join with ${typeName(x)}`);
      })
      .join(sep);
  }),
  "ascii_downcase/0": one((v) => str(v, "ascii_downcase").replace(/[A-Z]/g, (c) => c.toLowerCase())),
  "ascii_upcase/0": one((v) => str(v, "ascii_upcase").replace(/[a-z]/g, (c) => c.toUpperCase())),
  "test/1": (ip, args, v, env) => ip.eval(args[0], v, env).map((re) => regex(re, null).test(str(v, "test"))),
  "test/2": (ip, args, v, env) =>
    ip.eval(args[0], v, env).map((re) => regex(re, ip.eval(args[1], v, env)[0] ?? null).test(str(v, "test"))),
  "match/1": (ip, args, v, env) => ip.eval(args[0], v, env).flatMap((re) => matchObjects(v, regex(re, null), false)),
  "match/2": (ip, args, v, env) =>
    ip.eval(args[0], v, env).flatMap((re) => {
      const flags = ip.eval(args[1], v, env)[0] ?? null;
      return matchObjects(v, regex(re, flags), typeof flags === "string" && flags.includes("g"));
    }),
  "capture/1": (ip, args, v, env) =>
    ip.eval(args[0], v, env).flatMap((re) => matchObjects(v, regex(re, null), false).map(captureObject)),
  "capture/2": (ip, args, v, env) =>
    ip.eval(args[0], v, env).flatMap((re) => {
      const flags = ip.eval(args[1], v, env)[0] ?? null;
      return matchObjects(v, regex(re, flags), typeof flags === "string" && flags.includes("g")).map(captureObject);
    }),
  "scan/1": (ip, args, v, env) =>
    ip.eval(args[0], v, env).flatMap((re) =>
      matchObjects(v, regex(re, null), true).map((m) => {
        const caps = (m as Record<string, Json>).captures as Json[];
        return caps.length ? caps.map((c) => (c as Record<string, Json>).string) : (m as Record<string, Json>).string;
      }),
    ),
  "sub/2": (ip, args, v, env) => substitute(ip, args, v, env, false),
  "sub/3": (ip, args, v, env) => substitute(ip, args, v, env, false),
  "gsub/2": (ip, args, v, env) => substitute(ip, args, v, env, true),
  "gsub/3": (ip, args, v, env) => substitute(ip, args, v, env, true),
  "index/1": each((v, s) => {
    if (typeof v === "string" && typeof s === "string") return s === "" ? null : v.indexOf(s) < 0 ? null : v.indexOf(s);
    const r = Array.isArray(v) ? v.findIndex((x) => compareJson(x, s) === 0) : -1;
    return r < 0 ? null : r;
  }),
  "rindex/1": each((v, s) => {
    if (typeof v === "string" && typeof s === "string")
      return s === "" || v.lastIndexOf(s) < 0 ? null : v.lastIndexOf(s);
    return null;
  }),
  "indices/1": each((v, s) => {
    if (typeof v === "string" && typeof s === "string") {
      const out: number[] = [];
      if (s === "") return null;
      for (let i = v.indexOf(s); i >= 0; i = v.indexOf(s, i + 1)) out.push(i);
      return out;
    }
    if (Array.isArray(v)) {
      const needle = Array.isArray(s) ? s : [s];
      const out: number[] = [];
      for (let k = 0; k + needle.length <= v.length; k++)
        if (needle.every((x, j) => compareJson(x, v[k + j]) === 0)) out.push(k);
      return out;
    }
    return null;
  }),
  "tojson/0": one(toJsonText),
  "fromjson/0": one((v) => {
    try {
      const vals = parseJsonStream(str(v, "fromjson"));
      return vals[0] ?? null;
    } catch (e) {
      if (e instanceof JsonParseError) throw new JqError(`${v} (while parsing '${v}')`);
      throw e;
    }
  }),
  "error/0": (_ip, _a, v) => {
    throw new JqError(v);
  },
  "error/1": (ip, args, v, env) => {
    throw new JqError(ip.eval(args[0], v, env)[0] ?? null);
  },
  "env/0": (ip) => [envObject(ip.envVars)],
  "first/0": one((v) => (Array.isArray(v) ? (v[0] ?? null) : (iterate(v)[0] ?? null))),
  "last/0": one((v) => (Array.isArray(v) ? (v.at(-1) ?? null) : null)),
  "first/1": (ip, args, v, env) => ip.eval(args[0], v, env).slice(0, 1),
  "last/1": (ip, args, v, env) => ip.eval(args[0], v, env).slice(-1),
  "nth/1": (ip, args, v, env) =>
    ip.eval(args[0], v, env).map((n) => (Array.isArray(v) ? (v[num(n, "nth")] ?? null) : null)),
  "nth/2": (ip, args, v, env) =>
    ip.eval(args[0], v, env).flatMap((n) => ip.eval(args[1], v, env).slice(num(n, "nth"), num(n, "nth") + 1)),
  "limit/2": (ip, args, v, env) =>
    ip
      .eval(args[0], v, env)
      .flatMap((n) => (num(n, "limit") <= 0 ? [] : ip.eval(args[1], v, env).slice(0, num(n, "limit")))),
  "isempty/1": (ip, args, v, env) => [ip.eval(args[0], v, env).length === 0],
  "until/2": (ip, args, v, env) => {
    let cur = v;
    for (let i = 0; ; i++) {
      if (i > 100_000) throw new JqError("labgrader: limit reached: more than 100000 until iterations (jq loop limit)");
      if (ip.eval(args[0], cur, env).some(truthy)) return [cur];
      cur = ip.eval(args[1], cur, env)[0] ?? null;
    }
  },
  "while/2": (ip, args, v, env) => {
    const out: Json[] = [];
    let cur = v;
    for (let i = 0; ip.eval(args[0], cur, env).some(truthy); i++) {
      if (i > 100_000) throw new JqError("labgrader: limit reached: more than 100000 while iterations (jq loop limit)");
      out.push(cur);
      const next = ip.eval(args[1], cur, env);
      if (!next.length) break;
      cur = next[0];
    }
    return out;
  },
  "repeat/1": (ip, args, v, env) => {
    const out: Json[] = [];
    let cur: Json[] = [v];
    while (cur.length) {
      if (out.length > 100_000)
        throw new JqError("labgrader: limit reached: more than 100000 repeat results (jq loop limit)");
      out.push(...cur);
      cur = cur.flatMap((x) => ip.eval(args[0], x, env));
    }
    return out;
  },
  "paths/0": (_ip, _a, v) => allPaths(v) as Json[],
  "paths/1": (ip, args, v, env) => allPaths(v, (x) => ip.eval(args[0], x, env).some(truthy)) as Json[],
  "leaf_paths/0": (_ip, _a, v) => allPaths(v, (x) => !(Array.isArray(x) || isObject(x))) as Json[],
  "path/1": (ip, args, v, env) => ip.paths(args[0], v, env) as Json[],
  "getpath/1": (ip, args, v, env) =>
    ip.eval(args[0], v, env).map((p) => {
      try {
        return getPath(v, requireArray(p, "use as path"));
      } catch {
        return null;
      }
    }),
  "setpath/2": (ip, args, v, env) =>
    ip
      .eval(args[0], v, env)
      .flatMap((p) => ip.eval(args[1], v, env).map((x) => setPath(v, requireArray(p, "use as path"), x))),
  "delpaths/1": (ip, args, v, env) =>
    ip.eval(args[0], v, env).map((ps) =>
      deletePaths(
        v,
        requireArray(ps, "delete paths").map((p) => requireArray(p, "use as path")),
      ),
    ),
  "del/1": (ip, args, v, env) => [deletePaths(v, ip.paths(args[0], v, env))],
  "to_array/0": one((v) => (Array.isArray(v) ? v : [v])),
  "walk/1": (ip, args, v, env) => walk(ip, args[0], v, env, 0),
  "transpose/0": one((v) => {
    const rows = requireArray(v, "transpose").map((r) => requireArray(r, "transpose"));
    const n = Math.max(0, ...rows.map((r) => r.length));
    return Array.from({ length: n }, (_, i) => rows.map((r) => r[i] ?? null));
  }),
  "nulls/0": (_ip, _a, v) => (v === null ? [v] : []),
  "booleans/0": (_ip, _a, v) => (typeof v === "boolean" ? [v] : []),
  "numbers/0": (_ip, _a, v) => (typeof v === "number" ? [v] : []),
  "strings/0": (_ip, _a, v) => (typeof v === "string" ? [v] : []),
  "arrays/0": (_ip, _a, v) => (Array.isArray(v) ? [v] : []),
  "objects/0": (_ip, _a, v) => (isObject(v) ? [v] : []),
  "iterables/0": (_ip, _a, v) => (Array.isArray(v) || isObject(v) ? [v] : []),
  "scalars/0": (_ip, _a, v) => (Array.isArray(v) || isObject(v) ? [] : [v]),
  "input/0": (ip) => {
    if (ip.inputs.queue.length === 0) throw new JqError("No more inputs");
    return [ip.inputs.queue.shift()!];
  },
  "inputs/0": (ip) => ip.inputs.queue.splice(0),
  "debug/0": (ip, _a, v) => {
    ip.stderr += `["DEBUG:",${toJsonText(v)}]\n`;
    return [v];
  },
  "stderr/0": (ip, _a, v) => {
    ip.stderr += toJsonText(v);
    return [v];
  },
  "input_filename/0": () => [null],
  "now/0": (ip) => [ip.now() / 1000],
  "todate/0": one((v) => isoDate(num(v, "todate") * 1000)),
  "todateiso8601/0": one((v) => isoDate(num(v, "todateiso8601") * 1000)),
  "fromdate/0": one((v) => fromIso(v)),
  "fromdateiso8601/0": one((v) => fromIso(v)),
  "dateadd/2": () => {
    throw new JqError("dateadd/2 is not supported");
  },
  "ascii/0": one((v) => String.fromCharCode(num(v, "ascii"))),
  "splits/1": (ip, args, v, env) => ip.eval(args[0], v, env).flatMap((re) => str(v, "splits").split(regex(re, null))),
  "splits/2": (ip, args, v, env) =>
    ip.eval(args[0], v, env).flatMap((re) => str(v, "splits").split(regex(re, ip.eval(args[1], v, env)[0] ?? null))),
  "builtins/0": () => [Object.keys(B)],
};

function fromIso(v: Json): Json {
  const s = str(v, "fromdate");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(s))
    throw new JqError(`date "${s}" does not match format "%Y-%m-%dT%H:%M:%SZ"`);
  return Date.parse(s) / 1000;
}

function num(v: Json, fn: string): number {
  if (typeof v !== "number") throw new JqError(`${errDesc(v)} number required (in ${fn})`);
  return v;
}

function str(v: Json, fn: string): string {
  if (typeof v !== "string")
    throw new JqError(
      `${errDesc(v)} cannot be ${fn === "test" || fn === "split" ? "matched, as it is not a string" : `${fn}d`}`,
    );
  return v;
}

function rangeOf(a: Json, b: Json, s: Json): Json[] {
  if (typeof a !== "number" || typeof b !== "number" || typeof s !== "number")
    throw new JqError("Range bounds must be numeric");
  const out: Json[] = [];
  if (s === 0) return out;
  for (let x = a; s > 0 ? x < b : x > b; x += s) {
    out.push(x);
    if (out.length > MAX_OUTPUTS)
      throw new JqError(`labgrader: limit reached: more than ${MAX_OUTPUTS} jq results (jq output limit)`);
  }
  return out;
}

export function callBuiltin(ip: Interp, name: string, args: Ast[], input: Json, env: Env): Json[] {
  const b = Object.hasOwn(B, `${name}/${args.length}`) ? B[`${name}/${args.length}`] : undefined;
  if (!b) throw new JqError(`${name}/${args.length} is not defined`);
  return b(ip, args, input, env);
}

export function hasBuiltin(name: string, arity: number): boolean {
  return Object.hasOwn(B, `${name}/${arity}`);
}
