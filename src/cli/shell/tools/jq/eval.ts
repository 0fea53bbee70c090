/**
 * The jq evaluator: every filter maps one input to a list of outputs (jq's generators,
 * materialised — lab documents are small). Path expressions (`.a.b`, `.[]`, `select`) are
 * evaluated separately to support `=`, `|=`, `+=` ..., `del`, `path` and `paths`.
 * Errors are `JqError` values carrying jq's wording; every generator is bounded.
 */

import { callBuiltin } from "./builtins.ts";
import { compareJson, isObject, type Json, newObject, stringify, typeName } from "./json.ts";
import type { Ast, Pattern } from "./parse.ts";

export class JqError {
  constructor(readonly value: Json) {}
  get message(): string {
    return typeof this.value === "string"
      ? this.value
      : `${stringify(this.value, { compact: true, indent: 0, tab: false, sortKeys: false })} (not a string)`;
  }
}

export type Path = (string | number | Json)[];

interface FuncDef {
  params: string[];
  body: Ast;
  env: Env;
}

/** Lexical scope: variables and function definitions, linked to the parent scope. */
export class Env {
  constructor(
    readonly parent: Env | undefined,
    readonly vars: Map<string, Json> = new Map(),
    readonly funcs: Map<string, FuncDef> = new Map(),
    /** Filter arguments of the function being run: name -> closure. */
    readonly closures: Map<string, { ast: Ast; env: Env }> = new Map(),
  ) {}

  getVar(name: string): Json | undefined {
    for (let e: Env | undefined = this; e; e = e.parent) if (e.vars.has(name)) return e.vars.get(name);
    return undefined;
  }

  getFunc(key: string): { def?: FuncDef; closure?: { ast: Ast; env: Env } } {
    for (let e: Env | undefined = this; e; e = e.parent) {
      const name = key.slice(0, key.lastIndexOf("/"));
      if (key.endsWith("/0") && e.closures.has(name)) return { closure: e.closures.get(name) };
      const d = e.funcs.get(key);
      if (d) return { def: d };
    }
    return {};
  }
}

export const MAX_OUTPUTS = 1_000_000;

export class Interp {
  steps = 0;
  depth = 0;
  stderr = "";

  constructor(
    readonly inputs: { queue: Json[] },
    readonly envVars: Map<string, string>,
    readonly now: () => number,
  ) {}

  tick(n = 1): void {
    this.steps += n;
    if (this.steps > 5_000_000)
      throw new JqError("labgrader: limit reached: more than 5000000 jq evaluation steps (jq step limit)");
  }

  eval(ast: Ast, input: Json, env: Env): Json[] {
    this.tick();
    switch (ast.k) {
      case "identity":
        return [input];
      case "recurse":
        return this.recurseAll(input);
      case "literal":
        return [ast.v];
      case "field":
        return this.eval(ast.target, input, env).flatMap((v) =>
          this.optional(ast.opt, () => [indexValue(v, ast.name)]),
        );
      case "index": {
        const out: Json[] = [];
        for (const t of this.eval(ast.target, input, env))
          for (const i of this.eval(ast.index, input, env))
            out.push(...this.optional(ast.opt, () => [indexValue(t, i)]));
        return out;
      }
      case "slice": {
        const out: Json[] = [];
        for (const t of this.eval(ast.target, input, env)) {
          const froms = ast.from ? this.eval(ast.from, input, env) : [null];
          const tos = ast.to ? this.eval(ast.to, input, env) : [null];
          for (const f of froms)
            for (const to of tos) out.push(...this.optional(ast.opt, () => [sliceValue(t, f, to)]));
        }
        return out;
      }
      case "iterate":
        return this.eval(ast.target, input, env).flatMap((v) => this.optional(ast.opt, () => iterate(v)));
      case "pipe": {
        const out: Json[] = [];
        for (const v of this.eval(ast.a, input, env)) {
          for (const w of this.eval(ast.b, v, env)) out.push(w);
          if (out.length > MAX_OUTPUTS) throw tooMany();
        }
        return out;
      }
      case "comma":
        return [...this.eval(ast.a, input, env), ...this.eval(ast.b, input, env)];
      case "string":
        return this.interpolate(ast.parts, ast.format, input, env);
      case "format":
        return [applyFormat(ast.name, input)];
      case "array":
        return [ast.e ? this.eval(ast.e, input, env) : []];
      case "object":
        return this.object(ast.entries, input, env);
      case "neg":
        return this.eval(ast.e, input, env).map((v) => {
          if (typeof v !== "number") throw new JqError(`${errDesc(v)} cannot be negated`);
          return -v;
        });
      case "bin": {
        const out: Json[] = [];
        for (const b of this.eval(ast.b, input, env))
          for (const a of this.eval(ast.a, input, env)) out.push(binop(ast.op, a, b));
        return out;
      }
      case "and":
      case "or": {
        const out: Json[] = [];
        for (const a of this.eval(ast.a, input, env)) {
          if (ast.k === "and" && !truthy(a)) {
            out.push(false);
            continue;
          }
          if (ast.k === "or" && truthy(a)) {
            out.push(true);
            continue;
          }
          for (const b of this.eval(ast.b, input, env)) out.push(truthy(b));
        }
        return out;
      }
      case "alt": {
        let left: Json[];
        try {
          left = this.eval(ast.a, input, env).filter(truthy);
        } catch (e) {
          if (!(e instanceof JqError)) throw e;
          left = [];
        }
        return left.length ? left : this.eval(ast.b, input, env);
      }
      case "if": {
        const out: Json[] = [];
        for (const c of this.eval(ast.cond, input, env)) {
          if (truthy(c)) out.push(...this.eval(ast.then, input, env));
          else out.push(...(ast.otherwise ? this.eval(ast.otherwise, input, env) : [input]));
        }
        return out;
      }
      case "try":
        try {
          return this.eval(ast.body, input, env);
        } catch (e) {
          if (!(e instanceof JqError) || (typeof e.value === "string" && e.value.startsWith("labgrader: limit")))
            throw e;
          return ast.handler ? this.eval(ast.handler, e.value, env) : [];
        }
      case "reduce": {
        let accs = this.eval(ast.init, input, env);
        for (const item of this.eval(ast.source, input, env)) {
          const scope = bindPattern(ast.pattern, item, env);
          const next: Json[] = [];
          for (const acc of accs) next.push(...this.eval(ast.update, acc, scope));
          accs = next.length ? [next[next.length - 1]] : [null];
        }
        return accs;
      }
      case "foreach": {
        const out: Json[] = [];
        for (const init of this.eval(ast.init, input, env)) {
          let acc = init;
          for (const item of this.eval(ast.source, input, env)) {
            const scope = bindPattern(ast.pattern, item, env);
            for (const next of this.eval(ast.update, acc, scope)) {
              acc = next;
              out.push(...(ast.extract ? this.eval(ast.extract, acc, scope) : [acc]));
            }
          }
        }
        return out;
      }
      case "var": {
        if (ast.name === "ENV") return [envObject(this.envVars)];
        if (ast.name === "__loc__") return [{ file: "<stdin>", line: 1 } as unknown as Json];
        const v = env.getVar(ast.name);
        if (v === undefined) throw new JqError(`$${ast.name} is not defined`);
        return [v];
      }
      case "as": {
        const out: Json[] = [];
        for (const v of this.eval(ast.source, input, env))
          out.push(...this.eval(ast.body, input, bindPattern(ast.pattern, v, env)));
        return out;
      }
      case "def": {
        const scope = new Env(env);
        scope.funcs.set(`${ast.name}/${ast.params.length}`, { params: ast.params, body: ast.body, env: scope });
        return this.eval(ast.rest, input, scope);
      }
      case "assign":
        return this.assign(ast, input, env);
      case "call":
        return this.call(ast.name, ast.args, input, env);
    }
  }

  private optional(opt: boolean, f: () => Json[]): Json[] {
    if (!opt) return f();
    try {
      return f();
    } catch (e) {
      if (e instanceof JqError) return [];
      throw e;
    }
  }

  recurseAll(v: Json): Json[] {
    const out: Json[] = [];
    const walk = (x: Json, depth: number) => {
      if (depth > 512) throw new JqError("labgrader: limit reached: recursion deeper than 512 (jq depth limit)");
      this.tick();
      out.push(x);
      if (Array.isArray(x)) for (const y of x) walk(y, depth + 1);
      else if (isObject(x)) for (const k of Object.keys(x)) walk(x[k], depth + 1);
    };
    walk(v, 0);
    return out;
  }

  private interpolate(parts: (string | Ast)[], format: string | undefined, input: Json, env: Env): Json[] {
    let results = [""];
    for (const p of parts) {
      if (typeof p === "string") {
        results = results.map((r) => r + p);
        continue;
      }
      const vals = this.eval(p, input, env);
      const next: string[] = [];
      for (const r of results)
        for (const v of vals)
          next.push(r + (format ? (applyFormat(format, v) as string) : typeof v === "string" ? v : toJsonText(v)));
      results = next;
    }
    return results;
  }

  private object(entries: { key: Ast; value?: Ast; keyVar?: string }[], input: Json, env: Env): Json[] {
    let results: Json[] = [newObject()];
    for (const e of entries) {
      const next: Json[] = [];
      const keys = e.keyVar !== undefined ? [e.keyVar] : this.eval(e.key, input, env);
      for (const k of keys) {
        if (typeof k !== "string") {
          throw new JqError(`Object keys must be strings`);
        }
        const values =
          e.keyVar !== undefined
            ? [env.getVar(e.keyVar) ?? null]
            : e.value
              ? this.eval(e.value, input, env)
              : [indexValue(input, k)];
        for (const base of results)
          for (const v of values) {
            const o = Object.assign(newObject(), base as object) as Record<string, Json>;
            o[k] = v;
            next.push(o);
          }
      }
      results = next;
      if (results.length > MAX_OUTPUTS) throw tooMany();
    }
    return results;
  }

  private call(name: string, args: Ast[], input: Json, env: Env): Json[] {
    const key = `${name}/${args.length}`;
    const f = env.getFunc(key);
    if (f.closure) return this.eval(f.closure.ast, input, f.closure.env);
    if (f.def) {
      if (++this.depth > 256)
        throw new JqError("labgrader: limit reached: more than 256 nested jq function calls (jq depth limit)");
      try {
        const def = f.def;
        const scope = new Env(def.env);
        const valueParams: { name: string; ast: Ast }[] = [];
        def.params.forEach((p, i) => {
          if (p.startsWith("$")) valueParams.push({ name: p.slice(1), ast: args[i] });
          else scope.closures.set(p, { ast: args[i], env });
        });
        if (valueParams.length === 0) return this.eval(def.body, input, scope);
        // `$param`s take each value of their argument (a cartesian product).
        let scopes = [scope];
        for (const vp of valueParams) {
          const next: Env[] = [];
          for (const s of scopes)
            for (const v of this.eval(vp.ast, input, env)) {
              const c = new Env(s);
              c.vars.set(vp.name, v);
              c.closures.set(vp.name, { ast: { k: "literal", v }, env: c });
              next.push(c);
            }
          scopes = next;
        }
        return scopes.flatMap((s) => this.eval(def.body, input, s));
      } finally {
        this.depth--;
      }
    }
    return callBuiltin(this, name, args, input, env);
  }

  // --- paths ---

  paths(ast: Ast, input: Json, env: Env, root: Json = input, prefix: Path = []): Path[] {
    this.tick();
    switch (ast.k) {
      case "identity":
        return [prefix];
      case "recurse": {
        const out: Path[] = [];
        const walk = (x: Json, p: Path, depth: number) => {
          if (depth > 512) throw new JqError("labgrader: limit reached: recursion deeper than 512 (jq depth limit)");
          out.push(p);
          if (Array.isArray(x))
            x.forEach((y, i) => {
              walk(y, [...p, i], depth + 1);
            });
          else if (isObject(x)) for (const k of Object.keys(x)) walk(x[k], [...p, k], depth + 1);
        };
        walk(input, prefix, 0);
        return out;
      }
      case "field":
        return this.paths(ast.target, input, env, root, prefix).flatMap(
          (p) =>
            this.optional(ast.opt, () => {
              indexValue(getPath(root, p), ast.name);
              return [[...p, ast.name] as Json];
            }) as Path[],
        );
      case "index": {
        const out: Path[] = [];
        for (const p of this.paths(ast.target, input, env, root, prefix))
          for (const i of this.eval(ast.index, input, env)) {
            try {
              indexValue(getPath(root, p), i);
              out.push([...p, i]);
            } catch (e) {
              if (!ast.opt || !(e instanceof JqError)) throw e;
            }
          }
        return out;
      }
      case "slice": {
        const out: Path[] = [];
        for (const p of this.paths(ast.target, input, env, root, prefix)) {
          const from = ast.from ? this.eval(ast.from, input, env)[0] : null;
          const to = ast.to ? this.eval(ast.to, input, env)[0] : null;
          const s = newObject();
          s.start = from;
          s.end = to;
          out.push([...p, s]);
        }
        return out;
      }
      case "iterate": {
        const out: Path[] = [];
        for (const p of this.paths(ast.target, input, env, root, prefix)) {
          const v = getPath(root, p);
          if (Array.isArray(v)) for (let i = 0; i < v.length; i++) out.push([...p, i]);
          else if (isObject(v)) for (const k of Object.keys(v)) out.push([...p, k]);
          else if (v === null) continue;
          else if (!ast.opt) throw new JqError(`Cannot iterate over ${errDesc(v)}`);
        }
        return out;
      }
      case "pipe": {
        const out: Path[] = [];
        for (const p of this.paths(ast.a, input, env, root, prefix))
          out.push(...this.paths(ast.b, getPath(root, p), env, root, p));
        return out;
      }
      case "comma":
        return [...this.paths(ast.a, input, env, root, prefix), ...this.paths(ast.b, input, env, root, prefix)];
      case "if": {
        const out: Path[] = [];
        for (const c of this.eval(ast.cond, input, env)) {
          if (truthy(c)) out.push(...this.paths(ast.then, input, env, root, prefix));
          else if (ast.otherwise) out.push(...this.paths(ast.otherwise, input, env, root, prefix));
          else out.push(prefix);
        }
        return out;
      }
      case "try":
        try {
          return this.paths(ast.body, input, env, root, prefix);
        } catch (e) {
          if (e instanceof JqError) return [];
          throw e;
        }
      case "alt": {
        const a = this.paths(ast.a, input, env, root, prefix).filter((p) => truthy(getPath(root, p)));
        return a.length ? a : this.paths(ast.b, input, env, root, prefix);
      }
      case "as": {
        const out: Path[] = [];
        for (const v of this.eval(ast.source, input, env))
          out.push(...this.paths(ast.body, input, bindPattern(ast.pattern, v, env), root, prefix));
        return out;
      }
      case "literal":
        if (ast.v === null) return [];
        break;
      case "call": {
        const n = `${ast.name}/${ast.args.length}`;
        if (n === "empty/0") return [];
        if (n === "select/1") return this.eval(ast.args[0], input, env).some(truthy) ? [prefix] : [];
        if (n === "recurse/0") return this.paths({ k: "recurse" }, input, env, root, prefix);
        if (n === "first/1") return this.paths(ast.args[0], input, env, root, prefix).slice(0, 1);
        if (n === "last/1") return this.paths(ast.args[0], input, env, root, prefix).slice(-1);
        if (n === "getpath/1")
          return this.eval(ast.args[0], input, env).map((p) => {
            if (!Array.isArray(p)) throw new JqError("Path must be specified as an array");
            return [...prefix, ...p];
          });
        if (n === "first/0") return [[...prefix, 0]];
        if (n === "last/0") return [[...prefix, -1]];
        const f = env.getFunc(n);
        if (f.closure) return this.paths(f.closure.ast, input, f.closure.env, root, prefix);
        if (f.def && ast.args.length === 0) return this.paths(f.def.body, input, new Env(f.def.env), root, prefix);
        break;
      }
    }
    throw new JqError(`Invalid path expression with result ${errDesc(this.eval(ast, input, env)[0] ?? null)}`);
  }

  private assign(ast: Ast & { k: "assign" }, input: Json, env: Env): Json[] {
    const paths = this.paths(ast.lhs, input, env);
    if (ast.op === "|=") {
      let root = input;
      for (const p of paths) {
        const vals = this.eval(ast.rhs, getPath(root, p), env);
        root = vals.length ? setPath(root, p, vals[0]) : deletePaths(root, [p]);
      }
      return [root];
    }
    const out: Json[] = [];
    for (const r of this.eval(ast.rhs, input, env)) {
      let root = input;
      for (const p of paths) {
        const cur = getPath(root, p);
        let v: Json;
        if (ast.op === "=") v = r;
        else if (ast.op === "//=") v = truthy(cur) ? cur : r;
        else v = binop(ast.op[0], cur, r);
        root = setPath(root, p, v);
      }
      out.push(root);
    }
    return out;
  }
}

function tooMany(): JqError {
  return new JqError(`labgrader: limit reached: more than ${MAX_OUTPUTS} jq results (jq output limit)`);
}

export function envObject(vars: Map<string, string>): Json {
  const o = newObject();
  for (const [k, v] of vars) o[k] = v;
  return o;
}

export function bindPattern(p: Pattern, v: Json, env: Env): Env {
  const scope = new Env(env);
  const bind = (pat: Pattern, val: Json) => {
    if (pat.k === "var") scope.vars.set(pat.name, val);
    else if (pat.k === "array")
      pat.items.forEach((it, i) => {
        bind(it, Array.isArray(val) ? (val[i] ?? null) : indexValue(val, i));
      });
    else for (const e of pat.entries) bind(e.pattern, indexValue(val, e.key));
  };
  bind(p, v);
  return scope;
}

export function truthy(v: Json): boolean {
  return v !== null && v !== false;
}

/** `number (1)`, `string ("abc")`: jq's type-and-value description, truncated as jq 1.6 does. */
export function errDesc(v: Json): string {
  let s = toJsonText(v);
  if (s.length > 14) s = `${s.slice(0, 11)}...`;
  return `${typeName(v)} (${s})`;
}

export function toJsonText(v: Json): string {
  return stringify(v, { compact: true, indent: 0, tab: false, sortKeys: false });
}

export function indexValue(v: Json, i: Json): Json {
  if (v === null && (typeof i === "string" || typeof i === "number" || i === null)) return null;
  if (typeof i === "string") {
    if (isObject(v)) return Object.hasOwn(v, i) ? v[i] : null;
    throw new JqError(`Cannot index ${typeName(v)} with "${i}"`);
  }
  if (typeof i === "number") {
    if (Array.isArray(v)) {
      const k = Math.floor(i);
      const idx = k < 0 ? v.length + k : k;
      return idx >= 0 && idx < v.length ? v[idx] : null;
    }
    throw new JqError(`Cannot index ${typeName(v)} with number`);
  }
  if (isObject(i) && (Array.isArray(v) || typeof v === "string" || v === null))
    return sliceValue(v, i.start ?? null, i.end ?? null);
  if (Array.isArray(i) && Array.isArray(v)) {
    const out: Json[] = [];
    if (i.length === 0) return null;
    for (let k = 0; k + i.length <= v.length; k++) if (i.every((x, j) => compareJson(x, v[k + j]) === 0)) out.push(k);
    return out;
  }
  throw new JqError(`Cannot index ${typeName(v)} with ${typeName(i)}`);
}

export function sliceValue(v: Json, from: Json, to: Json): Json {
  if (v === null) return null;
  if (!Array.isArray(v) && typeof v !== "string") throw new JqError(`Cannot index ${typeName(v)} with object`);
  const len = v.length;
  const norm = (x: Json, dflt: number): number => {
    if (x === null) return dflt;
    if (typeof x !== "number") throw new JqError("Start and end indices of an array slice must be numbers");
    const n = Math.floor(x);
    return Math.min(len, Math.max(0, n < 0 ? len + n : n));
  };
  const a = norm(from, 0);
  const b = norm(to, len);
  return v.slice(a, Math.max(a, b)) as Json;
}

export function iterate(v: Json): Json[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v).map((k) => v[k]);
  throw new JqError(`Cannot iterate over ${v === null ? "null" : errDesc(v)}`);
}

export function getPath(v: Json, p: Path): Json {
  let cur = v;
  for (const k of p) {
    if (cur === null) return null;
    cur = indexValue(cur, k as Json);
  }
  return cur;
}

export function setPath(v: Json, p: Path, value: Json, at = 0): Json {
  if (at === p.length) return value;
  const k = p[at] as Json;
  if (typeof k === "string") {
    if (v !== null && !isObject(v)) throw new JqError(`Cannot index ${typeName(v)} with "${k}"`);
    const o = Object.assign(newObject(), v ?? {}) as Record<string, Json>;
    o[k] = setPath(Object.hasOwn(o, k) ? o[k] : null, p, value, at + 1);
    return o;
  }
  if (typeof k === "number") {
    if (v !== null && !Array.isArray(v)) throw new JqError(`Cannot index ${typeName(v)} with number`);
    const a = [...(v ?? [])];
    let i = Math.floor(k);
    if (i < 0) i += a.length;
    if (i < 0) throw new JqError("Out of bounds negative array index");
    if (i > 100_000) throw new JqError("labgrader: limit reached: array index above 100000 (jq size limit)");
    while (a.length < i) a.push(null);
    a[i] = setPath(a[i] ?? null, p, value, at + 1);
    return a;
  }
  if (isObject(k) && (Array.isArray(v) || v === null)) {
    const arr = v ?? [];
    const s = sliceBounds(arr.length, k.start ?? null, k.end ?? null);
    const repl = setPath(arr.slice(s[0], s[1]), p, value, at + 1);
    if (!Array.isArray(repl)) throw new JqError("A slice of an array can only be assigned another array");
    return [...arr.slice(0, s[0]), ...repl, ...arr.slice(s[1])];
  }
  throw new JqError(`Cannot update field at object index of ${typeName(v)}`);
}

function sliceBounds(len: number, from: Json, to: Json): [number, number] {
  const norm = (x: Json, d: number) =>
    typeof x === "number" ? Math.min(len, Math.max(0, x < 0 ? len + x : Math.floor(x))) : d;
  const a = norm(from, 0);
  return [a, Math.max(a, norm(to, len))];
}

export function deletePaths(v: Json, paths: Path[]): Json {
  const sorted = [...paths].sort((a, b) => compareJson(b as Json, a as Json));
  let root = v;
  for (const p of sorted) root = deleteOne(root, p, 0);
  return root;
}

function deleteOne(v: Json, p: Path, at: number): Json {
  if (v === null) return null;
  const k = p[at] as Json;
  const last = at === p.length - 1;
  if (p.length === 0) return null;
  if (typeof k === "string") {
    if (!isObject(v)) throw new JqError(`Cannot delete field at object index of ${typeName(v)}`);
    if (!Object.hasOwn(v, k)) return v;
    const o = Object.assign(newObject(), v) as Record<string, Json>;
    if (last) delete o[k];
    else o[k] = deleteOne(o[k], p, at + 1);
    return o;
  }
  if (typeof k === "number") {
    if (!Array.isArray(v)) throw new JqError(`Cannot delete field at index of ${typeName(v)}`);
    const i = k < 0 ? v.length + k : k;
    if (i < 0 || i >= v.length) return v;
    const a = [...v];
    if (last) a.splice(i, 1);
    else a[i] = deleteOne(a[i], p, at + 1);
    return a;
  }
  if (isObject(k) && Array.isArray(v)) {
    const [s, e] = sliceBounds(v.length, k.start ?? null, k.end ?? null);
    if (last) return [...v.slice(0, s), ...v.slice(e)];
  }
  throw new JqError(`Invalid path component`);
}

export function binop(op: string, a: Json, b: Json): Json {
  switch (op) {
    case "==":
      return compareJson(a, b) === 0;
    case "!=":
      return compareJson(a, b) !== 0;
    case "<":
      return compareJson(a, b) < 0;
    case "<=":
      return compareJson(a, b) <= 0;
    case ">":
      return compareJson(a, b) > 0;
    case ">=":
      return compareJson(a, b) >= 0;
    case "+":
      if (a === null) return b;
      if (b === null) return a;
      if (typeof a === "number" && typeof b === "number") return a + b;
      if (typeof a === "string" && typeof b === "string") return a + b;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      if (isObject(a) && isObject(b)) return Object.assign(newObject(), a, b);
      throw new JqError(`${errDesc(a)} and ${errDesc(b)} cannot be added`);
    case "-":
      if (typeof a === "number" && typeof b === "number") return a - b;
      if (Array.isArray(a) && Array.isArray(b)) return a.filter((x) => !b.some((y) => compareJson(x, y) === 0));
      throw new JqError(`${errDesc(a)} and ${errDesc(b)} cannot be subtracted`);
    case "*":
      if (typeof a === "number" && typeof b === "number") return a * b;
      if (typeof a === "string" && typeof b === "number")
        return b <= 0 ? null : a.repeat(Math.min(Math.ceil(b), 1_000_000 / Math.max(1, a.length)));
      if (typeof b === "string" && typeof a === "number") return binop("*", b, a);
      if (isObject(a) && isObject(b)) return deepMerge(a, b);
      throw new JqError(`${errDesc(a)} and ${errDesc(b)} cannot be multiplied`);
    case "/":
      if (typeof a === "number" && typeof b === "number") {
        if (b === 0) throw new JqError(`${errDesc(a)} and ${errDesc(b)} cannot be divided because the divisor is zero`);
        return a / b;
      }
      if (typeof a === "string" && typeof b === "string") return a === "" ? [] : a.split(b);
      throw new JqError(`${errDesc(a)} and ${errDesc(b)} cannot be divided`);
    case "%":
      if (typeof a === "number" && typeof b === "number") {
        const d = Math.trunc(b);
        if (d === 0) throw new JqError(`${errDesc(a)} and ${errDesc(b)} cannot be divided because the divisor is zero`);
        return Math.trunc(a) % d;
      }
      throw new JqError(`${errDesc(a)} and ${errDesc(b)} cannot be divided`);
  }
  throw new JqError(`unknown operator ${op}`);
}

function deepMerge(a: Record<string, Json>, b: Record<string, Json>): Json {
  const o = Object.assign(newObject(), a) as Record<string, Json>;
  for (const k of Object.keys(b)) {
    const av = Object.hasOwn(o, k) ? o[k] : undefined;
    o[k] = isObject(av) && isObject(b[k]) ? deepMerge(av, b[k] as Record<string, Json>) : b[k];
  }
  return o;
}

export function applyFormat(name: string, v: Json): Json {
  const text = (x: Json) => (typeof x === "string" ? x : toJsonText(x));
  switch (name) {
    case "text":
      return text(v);
    case "json":
      return toJsonText(v);
    case "base64":
      return base64(text(v));
    case "base64d":
      return unbase64(text(v));
    case "uri":
      return [...new TextEncoder().encode(text(v))]
        .map((b) =>
          /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
            ? String.fromCharCode(b)
            : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
        )
        .join("");
    case "html":
      return text(v).replace(
        /[<>&'"]/g,
        (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&quot;" })[c]!,
      );
    case "sh": {
      const q = (x: Json) => {
        if (Array.isArray(x) || isObject(x)) throw new JqError(`${errDesc(x)} can not be escaped for shell`);
        return typeof x === "string" ? `'${x.replace(/'/g, "'\\''")}'` : toJsonText(x);
      };
      return Array.isArray(v) ? v.map(q).join(" ") : q(v);
    }
    case "csv":
    case "tsv": {
      if (!Array.isArray(v)) throw new JqError(`${errDesc(v)} cannot be ${name}-formatted, only an array can be`);
      return v
        .map((x) => {
          if (typeof x === "number") return String(x);
          if (typeof x === "boolean") return String(x);
          if (x === null) return "";
          if (typeof x !== "string") throw new JqError(`${errDesc(x)} is not valid in a csv row`);
          return name === "csv"
            ? `"${x.replace(/"/g, '""')}"`
            : x.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
        })
        .join(name === "csv" ? "," : "\t");
    }
  }
  throw new JqError(`${name} is not a valid format`);
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    out += B64[a >> 2] + B64[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? "=" : B64[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? "=" : B64[c & 63];
  }
  return out;
}

function unbase64(s: string): string {
  const clean = s.replace(/=+$/, "");
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) throw new JqError(`${errDesc(s)} is not valid base64 data`);
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
