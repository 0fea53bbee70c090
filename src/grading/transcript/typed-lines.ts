/**
 * The lines a person typed, rebuilt from an asciinema recording's input ("i") events with the
 * editing keys readline gives them: backspace, Ctrl-U/Ctrl-W, Ctrl-A/Ctrl-E, the arrows left
 * and right, Delete, Ctrl-C (abandons the line). Keys whose effect depends on the shell's state
 * (Tab completion, history with the up/down arrows or Ctrl-R) make the line `reliable: false`:
 * the echoed text in the output is then the better witness of what ran.
 */

export interface TypedLine {
  text: string;
  /** When Enter was pressed (seconds since the recording started). */
  at: number;
  /** The line of the event that typed its first key. */
  line: number;
  reliable: boolean;
}

type State = "ground" | "esc" | "csi" | "ss3";

export class LineEditor {
  readonly lines: TypedLine[] = [];
  private buf: string[] = [];
  private cursor = 0;
  private reliable = true;
  private state: State = "ground";
  private params = "";
  private pasting = false;
  private startLine = 0;

  type(data: string, at: number, line: number): void {
    for (const ch of data) {
      if (this.buf.length === 0 && this.state === "ground") this.startLine = line;
      this.key(ch, at);
    }
  }

  private key(ch: string, at: number): void {
    if (this.state === "esc") {
      this.state = ch === "[" ? "csi" : ch === "O" ? "ss3" : "ground";
      this.params = "";
      if (this.state === "ground") this.reliable = false; // Meta-key editing: not followed.
      return;
    }
    if (this.state === "ss3") {
      this.state = "ground";
      this.move(ch);
      return;
    }
    if (this.state === "csi") {
      const c = ch.charCodeAt(0);
      if (c >= 0x40 && c <= 0x7e) {
        this.state = "ground";
        if (this.params === "200" && ch === "~") this.pasting = true;
        else if (this.params === "201" && ch === "~") this.pasting = false;
        else if (this.params === "3" && ch === "~") this.buf.splice(this.cursor, 1);
        else if (this.params === "" || this.params === "1") this.move(ch);
        else this.reliable = false;
      } else if (this.params.length < 16) this.params += ch;
      return;
    }
    switch (ch) {
      case "\x1b":
        this.state = "esc";
        return;
      case "\r":
      case "\n":
        this.lines.push({ text: this.buf.join(""), at, line: this.startLine, reliable: this.reliable });
        this.buf = [];
        this.cursor = 0;
        this.reliable = true;
        return;
      case "\x7f":
      case "\b":
        if (this.cursor > 0) this.buf.splice(--this.cursor, 1);
        return;
      case "\x03": // Ctrl-C
        this.buf = [];
        this.cursor = 0;
        this.reliable = true;
        return;
      case "\x15": // Ctrl-U
        this.buf.splice(0, this.cursor);
        this.cursor = 0;
        return;
      case "\x17": {
        // Ctrl-W: the word before the cursor, and the blanks after it.
        let k = this.cursor;
        while (k > 0 && this.buf[k - 1] === " ") k--;
        while (k > 0 && this.buf[k - 1] !== " ") k--;
        this.buf.splice(k, this.cursor - k);
        this.cursor = k;
        return;
      }
      case "\x01":
        this.cursor = 0;
        return;
      case "\x05":
        this.cursor = this.buf.length;
        return;
      case "\t":
        if (this.pasting) break;
        this.reliable = false;
        return;
    }
    if (ch.charCodeAt(0) < 0x20 && ch !== "\t") {
      this.reliable = false; // Ctrl-R, Ctrl-P, ...: the shell's state decides.
      return;
    }
    this.buf.splice(this.cursor++, 0, ch);
  }

  private move(final: string): void {
    if (final === "D") this.cursor = Math.max(0, this.cursor - 1);
    else if (final === "C") this.cursor = Math.min(this.buf.length, this.cursor + 1);
    else if (final === "H") this.cursor = 0;
    else if (final === "F") this.cursor = this.buf.length;
    else this.reliable = false; // Up/down: history.
  }
}
