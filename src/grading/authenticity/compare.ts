/**
 * One command's output as the transcript shows it against what replaying the student's
 * commands printed, after removing what legitimately differs between two runs (normalise.ts).
 * When they still disagree, the message names the disagreement in a Kubernetes user's words:
 *
 *   the output shown for `kubectl get pods` lists 3 Running pods; replaying your commands gives 2
 *   the output shown for `kubectl apply -f web.yaml` shows "pod/web created"; replaying your commands gives "pod/web configured"
 *   the output shown for `kubectl delete pod web` does not show the error "Error from server (NotFound): ..." that replaying your commands gives
 *   the output shown for `cat pod.yaml`: line 2 shows "kind: Pod"; replaying your commands gives "kind: Deployment"
 *
 * Errors and warnings are compared first and as a set (stderr interleaves with stdout in no
 * fixed order); then the tables of a `kubectl get` (compare-tables.ts); then line by line, a
 * table's rows in any order.
 */
import { compareTables } from "./compare-tables.ts";
import { type KubectlGet, kubectlGet, noun } from "./kubectl-get.ts";
import { type NormaliseOptions, normaliseCell, normaliseText } from "./normalise.ts";
import { cleanLines, isErrorLine, type Segment, segments, type Table } from "./output-text.ts";

export type OutputComparison = { same: true } | { same: false; message: string };

export function compareOutput(command: string, recorded: string, replayed: string, minor: number): OutputComparison {
  const opts: NormaliseOptions = { minor };
  const mine = segments(cleanLines(recorded));
  const theirs = segments(cleanLines(replayed));
  const get = kubectlGet(command);
  const found =
    errorDifference(mine, theirs, opts) ??
    (get ? tableDifference(get, mine, theirs, opts) : undefined) ??
    lineDifference(mine, theirs, opts, get !== undefined);
  return found === undefined
    ? { same: true }
    : { same: false, message: `the output shown for \`${shown(command)}\`${found}` };
}

/** The command as a student recognises it: its first line, shortened. */
function shown(command: string): string {
  const first = command.split("\n")[0].trim();
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}

function quoted(line: string): string {
  const t = line.trim().replace(/\s+/g, " ");
  return `"${t.length > 100 ? `${t.slice(0, 97)}...` : t}"`;
}

function errorsOf(s: Segment[]): string[] {
  return s.flatMap((x) => (x.kind === "line" && isErrorLine(x.text) ? [x.text] : []));
}

function errorDifference(mine: Segment[], theirs: Segment[], opts: NormaliseOptions): string | undefined {
  const a = errorsOf(mine);
  const b = errorsOf(theirs);
  const norm = (l: string) => normaliseText(l, opts);
  const onlyMine = a.filter((l) => !b.some((r) => norm(r) === norm(l)));
  const onlyTheirs = b.filter((l) => !a.some((r) => norm(r) === norm(l)));
  const word = (l: string) => (/^Warning:/.test(l.trim()) ? "the warning" : "the error");
  if (onlyMine.length && onlyTheirs.length) {
    return ` shows ${word(onlyMine[0])} ${quoted(onlyMine[0])}; replaying your commands gives ${quoted(onlyTheirs[0])}`;
  }
  if (onlyMine.length)
    return ` shows ${word(onlyMine[0])} ${quoted(onlyMine[0])}, which replaying your commands does not give`;
  if (onlyTheirs.length) {
    return ` does not show ${word(onlyTheirs[0])} ${quoted(onlyTheirs[0])} that replaying your commands gives`;
  }
  return undefined;
}

function tableDifference(
  get: KubectlGet,
  mine: Segment[],
  theirs: Segment[],
  opts: NormaliseOptions,
): string | undefined {
  const fallback = get.resources.length === 1 ? get.resources[0] : noun("object");
  const a = mine.filter((s): s is Table => s.kind === "table");
  const b = theirs.filter((s): s is Table => s.kind === "table");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!a[i]) return ` lists no ${fallback.plural}; replaying your commands gives ${b[i].rows.length}`;
    if (!b[i])
      return ` lists ${a[i].rows.length} ${a[i].rows.length === 1 ? fallback.singular : fallback.plural}; replaying your commands gives none`;
    const d = compareTables(a[i], b[i], fallback, opts);
    if (d) return ` ${d}`;
  }
  return undefined;
}

interface Item {
  norm: string;
  text: string;
  /** 1-based line in the cleaned output. */
  line: number;
}

/** Both outputs flattened to normalised lines, a table's rows sorted (their order is not meaningful). */
function items(s: Segment[], opts: NormaliseOptions, skipTables: boolean): Item[] {
  const out: Item[] = [];
  for (const x of s) {
    if (x.kind === "line") {
      if (!isErrorLine(x.text)) out.push({ norm: normaliseText(x.text, opts), text: x.text, line: x.at + 1 });
      continue;
    }
    if (skipTables) continue;
    out.push({ norm: x.columns.join(" | ").toUpperCase(), text: x.columns.join("   "), line: x.at + 1 });
    const rows = x.rows.map((r, k) => ({
      norm: r.map((v, c) => normaliseCell(x.columns[c], v, opts)).join(" | "),
      text: r.join("   "),
      line: x.at + 2 + k,
    }));
    out.push(...rows.sort((p, q) => (p.norm < q.norm ? -1 : p.norm > q.norm ? 1 : 0)));
  }
  return out;
}

const ACTION =
  /^\S+ (created|configured|unchanged|deleted|patched|scaled|labeled|annotated|exposed|replaced|edited|restarted|paused|resumed|rolled back|cordoned|uncordoned|drained|evicted|tainted|untainted|image updated|serverside-applied)\b/;

/** `tablesCompared`: the tables were compared already (a `kubectl get`), only the other lines remain. */
function lineDifference(
  mine: Segment[],
  theirs: Segment[],
  opts: NormaliseOptions,
  tablesCompared: boolean,
): string | undefined {
  const a = items(mine, opts, tablesCompared);
  const b = items(theirs, opts, tablesCompared);
  const k = a.findIndex((x, i) => i >= b.length || x.norm !== b[i].norm);
  const at = k < 0 ? a.length : k;
  if (at >= a.length && at >= b.length) return undefined;
  const x = a[at];
  const y = b[at];
  if (!x) {
    if (a.length === 0) return ` shows nothing; replaying your commands gives ${quoted(y.text)}`;
    return ` ends after line ${a[a.length - 1].line}; replaying your commands goes on with ${quoted(y.text)}`;
  }
  const where = a.length === 1 || ACTION.test(x.text.trim()) ? "" : `: line ${x.line}`;
  if (!y) {
    if (b.length === 0) return `${where} shows ${quoted(x.text)}; replaying your commands prints nothing`;
    return `${where} shows ${quoted(x.text)}; replaying your commands gives nothing more`;
  }
  return `${where} shows ${quoted(x.text)}; replaying your commands gives ${quoted(y.text)}`;
}
