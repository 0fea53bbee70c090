import { describe, expect, it } from "vitest";
import { Screen } from "../../../src/grading/transcript/screen.ts";
import { LineEditor, type TypedLine } from "../../../src/grading/transcript/typed-lines.ts";

const ESC = "\u001b";

/** Output events as [time, data]; the lines left on a 20-column screen. */
function play(events: [number, string][], width = 20): { text: string; line: number; at?: number }[] {
  const screen = new Screen(width, 24);
  events.forEach(([at, data], i) => {
    screen.write(data, { line: i + 2, at });
  });
  return screen.lines();
}

describe("Screen turns recorded output into the text a person saw", () => {
  const cases: { name: string; events: [number, string][]; want: { text: string; line: number; at?: number }[] }[] = [
    {
      name: "CRLF ends lines; colours are dropped",
      events: [[0.5, `${ESC}[01;32mgreen${ESC}[0m\r\nplain\r\n`]],
      want: [
        { text: "green", line: 2, at: 0.5 },
        { text: "plain", line: 2, at: 0.5 },
      ],
    },
    {
      name: "a backspace and a retype correct a typo",
      events: [
        [1, "$ kubectl get podd"],
        [2, `\b${ESC}[K`],
        [2.5, "s"],
      ],
      want: [{ text: "$ kubectl get pods", line: 2, at: 1 }],
    },
    {
      name: "readline's backspace-space-backspace erases too",
      events: [[1, "$ lss\b \b"]],
      want: [{ text: "$ ls", line: 2, at: 1 }],
    },
    {
      name: "a carriage return overwrites the line (a progress counter)",
      events: [[1, "10%\r50%\r100%\r\n"]],
      want: [{ text: "100%", line: 2, at: 1 }],
    },
    {
      name: "a line drawn by a later event takes that event's line and time",
      events: [
        [1, "output\r\n"],
        [3, `${ESC}]0;root@k8s-m: ~\u0007root@k8s-m:~# `],
      ],
      want: [
        { text: "output", line: 2, at: 1 },
        { text: "root@k8s-m:~#", line: 3, at: 3 },
      ],
    },
    {
      name: "text past the margin wraps and comes back as one line, readline's ` \\r` included",
      events: [
        [1, "$ kubectl get deploy"],
        [1.5, " \r"],
        [2, "ments\r\n"],
      ],
      want: [{ text: "$ kubectl get deployments", line: 2, at: 1 }],
    },
    {
      name: "the alternate screen (vi) is skipped as a whole",
      events: [[1, `$ vi pod.yaml\r\n${ESC}[?1049hkind: Pod\r\n~\r\n~${ESC}[?1049l$ ls\r\n`]],
      want: [
        { text: "$ vi pod.yaml", line: 2, at: 1 },
        { text: "$ ls", line: 2, at: 1 },
      ],
    },
    {
      name: "clear starts a fresh line instead of erasing what came before",
      events: [[1, `$ clear\r\n${ESC}[H${ESC}[2J${ESC}[3J$ kubectl get ns\r\n`]],
      want: [
        { text: "$ clear", line: 2, at: 1 },
        { text: "$ kubectl get ns", line: 2, at: 1 },
      ],
    },
    {
      name: "cursor moves, inserts and deletes on the current line",
      events: [[1, `abcdef${ESC}[3D${ESC}[1P${ESC}[G>${ESC}[5CX${ESC}[2@`]],
      want: [{ text: ">bcef X", line: 2, at: 1 }],
    },
    {
      name: "bracketed paste switches and charset selections leave no trace",
      events: [[1, `${ESC}[?2004h$ ${ESC}(Bls${ESC}[?2004l\r\n`]],
      want: [{ text: "$ ls", line: 2, at: 1 }],
    },
  ];
  it.each(cases)("$name", ({ events, want }) => {
    expect(play(events)).toEqual(want);
  });
});

describe("LineEditor rebuilds the lines typed from input events", () => {
  const cases: { name: string; keys: [number, string][]; want: Omit<TypedLine, "line">[] }[] = [
    {
      name: "DEL erases, Enter submits",
      keys: [
        [1, "kubectl get podd"],
        [2, "\u007fs\r"],
      ],
      want: [{ text: "kubectl get pods", at: 2, reliable: true }],
    },
    {
      name: "Ctrl-C abandons the line, Ctrl-U and Ctrl-W erase",
      keys: [[1, "rm -rf /\u0003kubectl get nodez\u0017nodes\u0015kubectl get ns\r"]],
      want: [{ text: "kubectl get ns", at: 1, reliable: true }],
    },
    {
      name: "arrows left and right edit in the middle",
      keys: [[1, `kubectl get pds${ESC}[D${ESC}[Do${ESC}[C${ESC}[C\r`]],
      want: [{ text: "kubectl get pods", at: 1, reliable: true }],
    },
    {
      name: "Tab completion and history make a line unreliable",
      keys: [
        [1, "kubectl get deploy\t\r"],
        [2, `${ESC}[A\r`],
      ],
      want: [
        { text: "kubectl get deploy", at: 1, reliable: false },
        { text: "", at: 2, reliable: false },
      ],
    },
    {
      name: "a bracketed paste is typed text",
      keys: [[1, `${ESC}[200~kubectl\tget pods${ESC}[201~\r`]],
      want: [{ text: "kubectl\tget pods", at: 1, reliable: true }],
    },
  ];
  it.each(cases)("$name", ({ keys, want }) => {
    const editor = new LineEditor();
    for (const [at, data] of keys) editor.type(data, at, 2);
    expect(editor.lines.map(({ line: _, ...l }) => l)).toEqual(want);
  });
});
