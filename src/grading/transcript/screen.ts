/**
 * Just enough of a terminal to turn recorded output back into the text a person saw: bytes
 * with carriage returns, backspaces, line wrapping and the common ANSI escape sequences in,
 * lines out. Each line remembers what drew it first (the source line and time of the event).
 *
 * What it does with each sequence, and why:
 * - `\r` to column 0, `\n` to the next line, `\b` one column left, `\t` to the next stop of 8;
 *   typed text, a backspace and a retype (`kubectl get podd\b \bs`) leave `kubectl get pods`.
 * - Printing past the width wraps onto a new row marked as a continuation, so a long command
 *   comes back as one line (readline's ` \r` at the margin included).
 * - CSI: colours (`m`) are dropped; cursor left/right/column (`D`/`C`/`G`), up/down (`A`/`B`),
 *   erase in line (`K`), erase below (`0J`), delete/insert/erase characters (`P`/`@`/`X`) are
 *   applied. Clearing the screen (`H` home, `2J`, `3J`: what `clear` prints) starts a fresh
 *   line instead of erasing, so a transcript keeps what came before.
 * - The alternate screen (`?1049h` ... `?1049l`: vi, less, top) is skipped as a whole.
 * - OSC strings (window titles set by the prompt: `ESC ] 0;root@k8s-m: ~ BEL`), bracketed
 *   paste switches and markers (`?2004h`, `200~`, `201~`) and charset selections are dropped.
 */
import type { SourceLine } from "./source.ts";

export interface Stamp {
  line: number;
  at?: number;
}

interface Row {
  cells: string[];
  /** The next row continues this one (the text reached the right margin). */
  wrapped: boolean;
  created: Stamp;
  drawn?: Stamp;
}

type State = "ground" | "esc" | "csi" | "osc" | "osc-esc" | "charset";

const MAX_PARAM = 10_000;

export class Screen {
  private readonly rows: Row[] = [];
  private row = 0;
  private col = 0;
  private state: State = "ground";
  private params = "";
  private alt: { row: number; col: number } | undefined;
  private stamp: Stamp = { line: 1 };

  constructor(
    private width: number,
    private readonly height: number,
  ) {}

  resize(width: number): void {
    this.width = Math.max(1, Math.min(width, 4096));
  }

  write(data: string, stamp: Stamp): void {
    this.stamp = stamp;
    if (this.rows.length === 0) this.rows.push(this.newRow());
    const row = this.rows[this.row];
    if (!row.drawn) row.created = stamp; // An empty line belongs to the event that reached it last.
    for (const ch of data) this.feed(ch);
  }

  /** The logical lines drawn so far (wrapped rows joined, trailing spaces dropped). */
  lines(): SourceLine[] {
    const out: SourceLine[] = [];
    for (let r = 0; r < this.rows.length; r++) {
      const first = this.rows[r];
      let text = render(first);
      while (this.rows[r].wrapped && r + 1 < this.rows.length) text += render(this.rows[++r]);
      const s = first.drawn ?? first.created;
      out.push({ text: text.trimEnd(), line: s.line, ...(s.at !== undefined ? { at: s.at } : {}) });
    }
    while (out.length && out[out.length - 1].text === "") out.pop();
    return out;
  }

  private newRow(): Row {
    return { cells: [], wrapped: false, created: this.stamp };
  }

  private feed(ch: string): void {
    switch (this.state) {
      case "ground":
        this.ground(ch);
        return;
      case "esc":
        this.state = "ground";
        if (ch === "[") {
          this.state = "csi";
          this.params = "";
        } else if (ch === "]") this.state = "osc";
        else if ("()*+".includes(ch)) this.state = "charset";
        return;
      case "charset":
        this.state = "ground";
        return;
      case "osc":
        if (ch === "\x07") this.state = "ground";
        else if (ch === "\x1b") this.state = "osc-esc";
        return;
      case "osc-esc":
        this.state = ch === "\\" ? "ground" : "osc";
        return;
      case "csi": {
        const c = ch.charCodeAt(0);
        if (c >= 0x40 && c <= 0x7e) {
          this.state = "ground";
          this.csi(ch, this.params);
        } else if (c >= 0x20 && c <= 0x3f) {
          if (this.params.length < 64) this.params += ch;
        } else this.state = "ground"; // Not a CSI after all: drop it.
        return;
      }
    }
  }

  private ground(ch: string): void {
    if (ch === "\x1b") {
      this.state = "esc";
      return;
    }
    if (this.alt) return;
    const row = this.rows[this.row];
    switch (ch) {
      case "\r":
        this.col = 0;
        return;
      case "\n":
        this.lineFeed();
        return;
      case "\b":
        this.col = Math.max(0, Math.min(this.col, this.width - 1) - 1);
        return;
      case "\t":
        this.col = Math.min(this.width - 1, (Math.floor(this.col / 8) + 1) * 8);
        return;
    }
    if (ch.charCodeAt(0) < 0x20 || ch === "\x7f") return; // bell, shift in/out
    if (this.col >= this.width) {
      row.wrapped = true;
      this.lineFeed();
    }
    const target = this.rows[this.row];
    while (target.cells.length < this.col) target.cells.push(" ");
    target.cells[this.col] = ch;
    target.drawn ??= this.stamp;
    this.col++;
  }

  private lineFeed(): void {
    this.row++;
    if (this.row >= this.rows.length) this.rows.push(this.newRow());
    this.col = 0;
  }

  /** A fresh line after what is on screen (how `clear` is kept from erasing the transcript). */
  private freshLine(): void {
    const row = this.rows[this.row];
    if (this.row < this.rows.length - 1 || render(row).trim() !== "") {
      this.row = this.rows.length - 1;
      this.lineFeed();
    }
    this.col = 0;
  }

  private csi(final: string, params: string): void {
    const priv = params.startsWith("?");
    const nums = (priv ? params.slice(1) : params).split(";").map((p) => Math.min(Number(p) || 0, MAX_PARAM));
    const n = Math.max(1, nums[0]);
    if (priv) {
      if ((final === "h" || final === "l") && nums.some((p) => p === 1049 || p === 1047 || p === 47)) {
        if (final === "h" && !this.alt) this.alt = { row: this.row, col: this.col };
        else if (final === "l" && this.alt) {
          ({ row: this.row, col: this.col } = this.alt);
          this.alt = undefined;
        }
      }
      return;
    }
    if (this.alt) return;
    const cells = this.rows[this.row].cells;
    switch (final) {
      case "C":
        this.col = Math.min(this.col + n, this.width - 1);
        return;
      case "D":
        this.col = Math.max(0, Math.min(this.col, this.width - 1) - n);
        return;
      case "G":
        this.col = Math.min(n - 1, this.width - 1);
        return;
      case "A":
        this.row = Math.max(this.row - n, Math.max(0, this.rows.length - this.height));
        return;
      case "B":
        this.row = Math.min(this.row + n, this.rows.length - 1);
        return;
      case "K":
        if (nums[0] === 0) cells.length = Math.min(cells.length, this.col);
        else if (nums[0] === 1) for (let k = 0; k <= this.col && k < cells.length; k++) cells[k] = " ";
        else if (nums[0] === 2) cells.length = 0;
        return;
      case "J":
        if (nums[0] === 0) {
          cells.length = Math.min(cells.length, this.col);
          this.rows.length = this.row + 1;
          this.rows[this.row].wrapped = false;
        } else if (nums[0] === 2 || nums[0] === 3) this.freshLine();
        return;
      case "H":
      case "f":
        if (n === 1 && Math.max(1, nums[1] ?? 1) === 1) this.freshLine();
        else this.col = Math.min(Math.max(1, nums[1] ?? 1) - 1, this.width - 1);
        return;
      case "P":
        cells.splice(this.col, Math.min(n, this.width));
        return;
      case "@":
        if (this.col < cells.length) {
          cells.splice(this.col, 0, ...Array.from({ length: Math.min(n, this.width) }, () => " "));
          cells.length = Math.min(cells.length, this.width);
        }
        return;
      case "X":
        for (let k = this.col; k < this.col + n && k < cells.length; k++) cells[k] = " ";
        return;
    }
  }
}

function render(row: Row): string {
  let s = "";
  for (let i = 0; i < row.cells.length; i++) s += row.cells[i] ?? " ";
  return s;
}
