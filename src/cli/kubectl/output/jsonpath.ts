/**
 * client-go's JSONPath engine (util/jsonpath) over plain JSON values, as kubectl runs it for
 * `-o jsonpath=`, custom columns and `--sort-by`.
 *
 * Printing follows upstream PrintResults: results of one action are joined by a space; maps
 * and arrays print as compact JSON (`{"app":"nginx"}`), strings raw, null as `<nil>`.
 * Missing keys print nothing when allowed (kubectl's default), otherwise fail with
 * `foo is not found`.
 *
 * Deliberate deviation: upstream compares an integer literal with an integer field only when
 * both have the same Go type; here numbers compare as numbers (`[?(@.port==80)]` matches).
 */
import { goJsonMarshal, goJsonMarshalIndent, goSprint } from "./go-values.ts";
import { type JpList, type JpNode, parseJsonPath, type SliceParam } from "./jsonpath-parser.ts";

export type { JpNode } from "./jsonpath-parser.ts";

type Json = unknown;

/** One evaluated value. `literal` marks template numbers (Go ints/floats), not data. */
type Val = Json;

export type EvalResult = { ok: true; text: string } | { ok: false; error: string };

export interface CompiledJsonPath {
  ok: true;
  /** Evaluate and print, as JSONPath.Execute. */
  eval(data: unknown): EvalResult;
  /** Evaluate only: one list of values per top-level node (JSONPath.FindResults). */
  findResults(data: unknown): { ok: true; results: unknown[][] } | { ok: false; error: string };
}

export interface JsonPathOptions {
  /** kubectl's --allow-missing-template-keys (default true for -o jsonpath; always true in columns/sorting). */
  allowMissingKeys?: boolean;
  /** `-o jsonpath-as-json`: all results of an action as one indented JSON array. */
  outputJson?: boolean;
}

/**
 * Parse a template once. The returned evaluator keeps upstream's per-instance state: a
 * `{range}` rewrites the template's node list while it runs (as client-go does), so a
 * compiled template behaves like one reused *jsonpath.JSONPath.
 */
export function compileJsonPath(
  template: string,
  opts: JsonPathOptions = {},
): CompiledJsonPath | { ok: false; error: string } {
  const parsed = parseJsonPath(template);
  if (!parsed.ok) return parsed;
  const engine = new Engine(parsed.root, opts.allowMissingKeys ?? false, opts.outputJson ?? false);
  return {
    ok: true,
    eval: (data) => engine.execute(data),
    findResults: (data) => {
      try {
        return { ok: true, results: engine.findResults(data) };
      } catch (e) {
        if (e instanceof JsonPathError) return { ok: false, error: e.message };
        throw e;
      }
    },
  };
}

class JsonPathError {
  constructor(readonly message: string) {}
}

const isMap = (v: Val): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const sortedKeys = (m: Record<string, Json>) => Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** reflect's Type().String() for the Go value a JSON value decodes to. */
function goTypeName(v: Val): string {
  if (v === null || v === undefined) return "interface {}";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** iterHelper: arrays in order, maps by sorted key; anything else is not iterable. */
function children(v: Val): Val[] | undefined {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return sortedKeys(v).map((k) => v[k]);
  return undefined;
}

class Engine {
  private stack: Val[][] = [];
  private cur: Val[] = [];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;

  constructor(
    private readonly root: JpList,
    private readonly allowMissingKeys: boolean,
    private readonly outputJson: boolean,
  ) {}

  execute(data: unknown): EvalResult {
    let results: Val[][];
    try {
      results = this.findResults(data);
    } catch (e) {
      if (e instanceof JsonPathError) return { ok: false, error: e.message };
      throw e;
    }
    return { ok: true, text: results.map((r) => this.printResults(r)).join("") };
  }

  findResults(data: Val): Val[][] {
    this.cur = [data];
    const nodes = this.root.nodes;
    const full: Val[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(this.cur, nodes[i]);
      // An {end}: this pass over the loop body is done.
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        break;
      }
      // A {range}: run the rest of the template once per value.
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        results.forEach((value, k) => {
          this.root.nodes = nodes.slice(i + 1);
          if (k === results.length - 1) this.inRange--;
          full.push(...this.findResults(value));
        });
        break;
      }
      full.push(results);
    }
    return full;
  }

  private printResults(results: Val[]): string {
    if (this.outputJson) return `${goJsonMarshalIndent(results)}\n`;
    return results.map((r) => (Array.isArray(r) || isMap(r) ? goJsonMarshal(r) : goSprint(r))).join(" ");
  }

  private walk(input: Val[], node: JpNode): Val[] {
    switch (node.type) {
      case "list":
        return this.evalList(input, node);
      case "text":
        return [node.text];
      case "field":
        return this.evalField(input, node.name);
      case "array":
        return this.evalArray(input, node.params);
      case "filter":
        return this.evalFilter(input, node);
      case "int":
      case "float":
      case "bool":
        return input.map(() => node.value);
      case "wildcard":
        return input.flatMap((v) => children(v) ?? []);
      case "recursive":
        return this.evalRecursive(input);
      case "union":
        return node.nodes.flatMap((list) => this.evalList(input, list));
      case "identifier":
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: Val[], list: JpList): Val[] {
    let cur = input;
    for (const n of list.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: Val[], name: string): Val[] {
    if (name === "range") {
      this.stack.push(this.cur);
      this.beginRange++;
      return input;
    }
    if (name === "end") {
      if (this.endRange < this.inRange) {
        this.endRange++;
        return [];
      }
      const top = this.stack.pop();
      if (top === undefined) throw new JsonPathError("not in range, nothing to end");
      this.cur = top;
      return [];
    }
    throw new JsonPathError(`unrecognized identifier ${name}`);
  }

  private evalField(input: Val[], name: string): Val[] {
    if (input.length === 0) return [];
    const results: Val[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (isMap(v) && Object.hasOwn(v, name)) results.push(v[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JsonPathError(`${name} is not found`);
    return results;
  }

  private evalArray(input: Val[], node: readonly SliceParam[]): Val[] {
    const result: Val[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (!Array.isArray(v)) throw new JsonPathError(`${goTypeName(v)} is not array or slice`);
      const [p0, p1, p2] = node.map((p) => ({ ...p }));
      const len = v.length;
      if (!p0.known) p0.value = 0;
      if (p0.value < 0) p0.value += len;
      if (!p1.known) p1.value = len;
      if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += len;
      if (p1.value === p0.value) return result;
      if (p0.value >= len || p0.value < 0)
        throw new JsonPathError(`array index out of bounds: index ${p0.value}, length ${len}`);
      if (p1.value > len || p1.value < 0)
        throw new JsonPathError(`array index out of bounds: index ${p1.value - 1}, length ${len}`);
      if (p0.value > p1.value)
        throw new JsonPathError(`starting index ${p0.value} is greater than ending index ${p1.value}`);
      let step = 1;
      if (p2.known) {
        if (p2.value <= 0) throw new JsonPathError("step must be > 0");
        step = p2.value;
      }
      for (let i = p0.value; i < p1.value; i += step) result.push(v[i]);
    }
    return result;
  }

  private evalRecursive(input: Val[]): Val[] {
    const result: Val[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      const kids = children(v);
      if (!kids || kids.length === 0) continue;
      result.push(v);
      result.push(...this.evalRecursive(kids));
    }
    return result;
  }

  private evalFilter(input: Val[], node: Extract<JpNode, { type: "filter" }>): Val[] {
    const results: Val[] = [];
    for (const v of input) {
      const items = children(v) ?? [v];
      for (const item of items) {
        let lefts: Val[];
        try {
          lefts = this.evalList([item], node.left);
        } catch (e) {
          if (!(e instanceof JsonPathError) || !this.allowMissingKeys) throw e;
          lefts = [];
        }
        const rights = this.evalList([item], node.right);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathError("can only compare one element at a time");
        if (node.operator === "exists") {
          results.push(item);
          continue;
        }
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathError("can only compare one element at a time");
        if (compare(node.operator, lefts[0], rights[0])) results.push(item);
      }
    }
    return results;
  }
}

type Kind = "bool" | "number" | "string";

/** text/template's basicKind; maps, slices and nil cannot be compared. */
function basicKind(v: Val): Kind | undefined {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  return undefined;
}

/**
 * evalOperator: text/template's eq/ne/lt/le/gt/ge, where "invalid type" and "incompatible
 * types" errors count as a failed comparison, except that `ne` then passes (it is !eq).
 */
function compare(op: string, l: Val, r: Val): boolean {
  const kl = basicKind(l);
  const kr = basicKind(r);
  const comparable = kl !== undefined && kl === kr;
  const eq = comparable && l === r;
  // `lt` fails (an error, so false) for bools and for anything not comparable.
  const ordered = comparable && kl !== "bool";
  const lt = ordered && (l as number | string) < (r as number | string);
  switch (op) {
    case "==":
      return eq;
    case "!=":
      return !eq;
    case "<":
      return lt;
    case "<=":
      return ordered && (lt || eq);
    case ">":
      return ordered && !(lt || eq);
    case ">=":
      return ordered && !lt;
    default:
      throw new JsonPathError(`unrecognized filter operator ${op}`);
  }
}
