/**
 * An output as a reader sees it, cut into tables and lines. Cleaning drops what a terminal
 * does not show as text: colours and other escape sequences, carriage returns (the last
 * redraw of a line wins, as on screen), trailing spaces, blank lines at either end, and the
 * progress lines of `kubectl rollout status`, whose number depends on timing.
 *
 * A table is a header of upper-case column names separated by two or more spaces (kubectl and
 * docker print them with tabwriter: `NAME   READY   STATUS`), or a mixed-case header over a
 * line of dashes (the Events of `kubectl describe`), and the rows under it up to a blank line.
 * Cells are cut at the header's column positions (so an empty cell stays a cell); a row that
 * does not line up (pasted through something that squeezed the spaces) is split at runs of
 * two or more spaces instead.
 */

export interface Table {
  kind: "table";
  columns: string[];
  rows: string[][];
  /** 0-based index of the header among the cleaned lines. */
  at: number;
}

export interface TextLine {
  kind: "line";
  text: string;
  at: number;
}

export type Segment = Table | TextLine;

const PROGRESS = /^Waiting for (deployment|daemon set|partitioned roll out|statefulset|rollout)\b/;

export function cleanLines(output: string): string[] {
  const lines = output
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, "")
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, "")
    .replace(/\x1b[()][0-9A-Za-z]|\x1b[=>78]/g, "")
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((l) => {
      const cr = l.lastIndexOf("\r", l.length - 1);
      return (cr >= 0 ? l.slice(cr + 1) : l).trimEnd();
    })
    .filter((l) => !PROGRESS.test(l));
  while (lines.length && lines[0] === "") lines.shift();
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const UPPER_NAME = /^[A-Z][A-Z0-9_()/.:-]*(?: [A-Z][A-Z0-9_()/.:-]*)*$/;
const ANY_NAME = /^[A-Z][A-Za-z0-9_()/.:-]*(?: [A-Za-z][A-Za-z0-9_()/.:-]*)*$/;

interface Column {
  name: string;
  start: number;
}

function headerColumns(line: string, next: string | undefined): Column[] | undefined {
  const cols: Column[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) cols.push({ name: m[0], start: m.index });
  if (cols.length < 2) return undefined;
  if (cols.every((c) => UPPER_NAME.test(c.name))) return cols;
  if (next !== undefined && /^\s*-+(?:\s+-+)+\s*$/.test(next) && cols.every((c) => ANY_NAME.test(c.name))) return cols;
  return undefined;
}

export function segments(lines: string[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const cols = headerColumns(lines[i], lines[i + 1]);
    if (!cols) {
      out.push({ kind: "line", text: lines[i], at: i });
      continue;
    }
    const table: Table = { kind: "table", columns: cols.map((c) => c.name), rows: [], at: i };
    let j = i + 1;
    if (j < lines.length && /^\s*-+(?:\s+-+)+\s*$/.test(lines[j])) j++;
    for (
      ;
      j < lines.length && lines[j].trim() !== "" && !isErrorLine(lines[j]) && !headerColumns(lines[j], lines[j + 1]);
      j++
    ) {
      table.rows.push(cells(lines[j], cols));
    }
    out.push(table);
    i = j - 1;
  }
  return out;
}

function cells(row: string, cols: Column[]): string[] {
  const aligned = cols.every((c, k) => k === 0 || c.start >= row.length || row[c.start - 1] === " ");
  if (aligned) {
    return cols.map((c, k) => row.slice(c.start, k + 1 < cols.length ? cols[k + 1].start : undefined).trim());
  }
  const parts = row.trim().split(/\s{2,}|\t/);
  while (parts.length < cols.length) parts.push("");
  if (parts.length > cols.length) parts.splice(cols.length - 1, parts.length, parts.slice(cols.length - 1).join(" "));
  return parts;
}

/**
 * Lines that report a failure or a warning (kubectl's, bash's, dash's and BusyBox ash's, and
 * `kubectl exec`'s exit line): compared as a set, since stderr and stdout interleave
 * differently from one terminal to another.
 */
export function isErrorLine(line: string): boolean {
  return /^(Error from server|error:|Error:|Warning:|The \S+ "[^"]*" is invalid|Unable to connect to the server|\S*: line \d+: |\S*: \d+: |-?bash: |command terminated with exit code \d+$)|: command not found$|: not found$|: Permission denied$|: No such file or directory$/.test(
    line.trim(),
  );
}
