/**
 * Where a running command reads and writes. Stdin is a cursor over text so successive
 * `read`s in a `while read` loop consume it line by line; outputs are sinks: a capture (the
 * terminal, a pipe, a command substitution), a VFS file, or /dev/null. Captures share a byte
 * budget so one exec can never produce unbounded output.
 */
import { LimitError } from "./limits.ts";
import type { VirtualFs } from "./vfs.ts";

export class InStream {
  pos = 0;
  constructor(readonly text: string) {}

  rest(): string {
    return this.pos === 0 ? this.text : this.text.slice(this.pos);
  }

  consumeAll(): void {
    this.pos = this.text.length;
  }

  /** The next line without its newline, or undefined at end of input. */
  readLine(): { line: string; newline: boolean } | undefined {
    if (this.pos >= this.text.length) return undefined;
    const nl = this.text.indexOf("\n", this.pos);
    const end = nl < 0 ? this.text.length : nl;
    const line = this.text.slice(this.pos, end);
    this.pos = nl < 0 ? end : end + 1;
    return { line, newline: nl >= 0 };
  }
}

export const EMPTY_STDIN_TEXT = "";

export interface Sink {
  write(s: string): void;
}

export class Budget {
  used = 0;
  constructor(readonly max: number) {}

  spend(n: number): void {
    this.used += n;
    if (this.used > this.max) throw new LimitError(`more than ${this.max} bytes of output`, "output limit");
  }
}

export class Capture implements Sink {
  text = "";
  constructor(private readonly budget: Budget) {}

  write(s: string): void {
    if (s.length === 0) return;
    this.budget.spend(s.length);
    this.text += s;
  }
}

export const NULL_SINK: Sink = { write() {} };

/** Writes through to a VFS file; the first failure is kept for the shell to report. */
export class FileSink implements Sink {
  error: string | undefined;
  constructor(
    private readonly fs: VirtualFs,
    readonly path: string,
  ) {}

  write(s: string): void {
    if (s.length === 0 || this.error) return;
    const r = this.fs.appendFile(this.path, s);
    if (!r.ok) this.error = r.message;
  }
}

export interface Io {
  stdin: InStream;
  out: Sink;
  err: Sink;
}
