/**
 * Two tables of `kubectl get` compared the way a Kubernetes user reads them: by rows, not by
 * spaces, in any order (another run names pods differently, so they sort differently), and a
 * disagreement said in the table's own terms:
 *
 *   lists 3 Running pods; replaying your commands gives 2          (rows counted by STATUS)
 *   lists 3 deployments; replaying your commands gives 2           (rows counted)
 *   shows deployment web with READY 3/3; replaying your commands gives 2/3
 *   shows pod web, which replaying your commands does not list
 *
 * Timing is allowed for in one direction only: a recording made a moment earlier than the
 * replay may show a pod still starting (Pending, ContainerCreating, Init:0/1) or still
 * Terminating, or a rollout behind (READY 2/3 where the replay has 3/3); it may never show
 * more progress than the commands can produce.
 */
import { counted, type Noun, noun } from "./kubectl-get.ts";
import { type NormaliseOptions, normaliseCell } from "./normalise.ts";
import type { Table } from "./output-text.ts";

const TRANSITIONAL = /^(Pending|ContainerCreating|PodInitializing|Terminating|Init:.*)$/;
/** Columns that count progress (`2/3`, `2`): a recording may be behind the replay in them. */
const PROGRESS_COLUMNS = new Set(["READY", "UP-TO-DATE", "AVAILABLE", "CURRENT", "COMPLETIONS"]);

interface Row {
  raw: string[];
  norm: string[];
  key: string;
  name: string;
  normName: string;
  noun: Noun;
}

export function compareTables(rec: Table, rep: Table, fallback: Noun, opts: NormaliseOptions): string | undefined {
  const cols = rec.columns.map((c) => c.toUpperCase());
  if (cols.join("|") !== rep.columns.map((c) => c.toUpperCase()).join("|")) {
    return `shows the columns ${rec.columns.join(", ")}; replaying your commands gives ${rep.columns.join(", ")}`;
  }
  const nameCol = Math.max(0, cols.indexOf("NAME"));
  const statusCol = cols.indexOf("STATUS");
  const rows = (t: Table): Row[] =>
    t.rows.map((raw) => {
      const norm = raw.map((v, k) => normaliseCell(cols[k], v, opts));
      const [kind, name] = raw[nameCol].includes("/") ? raw[nameCol].split("/", 2) : ["", raw[nameCol]];
      return { raw, norm, key: norm.join("\u0000"), name, normName: norm[nameCol], noun: kind ? noun(kind) : fallback };
    });
  let a = rows(rec);
  let b = rows(rep);
  const what = a[0]?.noun ?? b[0]?.noun ?? fallback;

  // Exact matches first, then the timing allowances.
  [a, b] = withoutCommon(a, b, (x, y) => x.key === y.key);
  if (statusCol >= 0) {
    [a, b] = withoutCommon(a, b, (x, y) => x.normName === y.normName && TRANSITIONAL.test(x.raw[statusCol]));
    a = a.filter((x) => x.raw[statusCol] !== "Terminating");
  }
  [a, b] = withoutCommon(a, b, (x, y) => x.normName === y.normName && onlyBehind(x, y, cols));
  if (a.length === 0 && b.length === 0) return undefined;

  if (statusCol >= 0) {
    const all = (t: Table) => t.rows.map((r) => r[statusCol]).filter((s) => !TRANSITIONAL.test(s));
    const mine = all(rec);
    const theirs = all(rep);
    for (const status of [...new Set([...mine, ...theirs])]) {
      const m = mine.filter((s) => s === status).length;
      const t = theirs.filter((s) => s === status).length;
      if (m !== t) return `lists ${counted(m, what, status)}; replaying your commands gives ${t}`;
    }
  }
  if (rec.rows.length !== rep.rows.length) {
    return `lists ${counted(rec.rows.length, what)}; replaying your commands gives ${rep.rows.length}`;
  }
  for (const x of a) {
    const y = b.find((r) => r.normName === x.normName);
    if (!y) continue;
    const k = x.norm.findIndex((v, i) => v !== y.norm[i]);
    return `shows ${x.noun.singular} ${x.name} with ${rec.columns[k]} ${x.raw[k]}; replaying your commands gives ${y.raw[k]}`;
  }
  const x = a[0];
  const y = b[0];
  if (x && y && a.length === 1 && b.length === 1) {
    return `shows ${x.noun.singular} ${x.name}; replaying your commands lists ${y.noun.singular} ${y.name} instead`;
  }
  if (x) return `shows ${x.noun.singular} ${x.name}, which replaying your commands does not list`;
  return `does not show ${y.noun.singular} ${y.name}, which replaying your commands lists`;
}

/** Both lists without the pairs that `same` matches (each row used once). */
function withoutCommon(a: Row[], b: Row[], same: (x: Row, y: Row) => boolean): [Row[], Row[]] {
  const left = [...b];
  const kept: Row[] = [];
  for (const x of a) {
    const i = left.findIndex((y) => same(x, y));
    if (i >= 0) left.splice(i, 1);
    else kept.push(x);
  }
  return [kept, left];
}

/** The recorded row differs only by being earlier: fewer ready, up-to-date or available. */
function onlyBehind(x: Row, y: Row, cols: string[]): boolean {
  return x.norm.every((v, k) => v === y.norm[k] || (PROGRESS_COLUMNS.has(cols[k]) && behind(x.raw[k], y.raw[k])));
}

function behind(mine: string, theirs: string): boolean {
  const f = /^(\d+)\/(\d+)$/;
  const m = f.exec(mine);
  const t = f.exec(theirs);
  if (m && t) return m[2] === t[2] && Number(m[1]) < Number(t[1]);
  return /^\d+$/.test(mine) && /^\d+$/.test(theirs) && Number(mine) < Number(theirs);
}
