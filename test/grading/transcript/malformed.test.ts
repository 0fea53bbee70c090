import { describe, expect, it } from "vitest";
import type { TranscriptLimits } from "../../../src/grading/transcript/index.ts";
import { parseTranscript } from "../../../src/grading/transcript/index.ts";
import { ASCIINEMA_HEADER, event } from "./samples.ts";

const asciinema = (...events: string[]) => [ASCIINEMA_HEADER, ...events].join("\n");

describe("parseTranscript turns a malformed submission into a reason and a line, never a throw", () => {
  const cases: { name: string; text: string; limits?: Partial<TranscriptLimits>; reason: string; line?: number }[] = [
    {
      name: "binary data: a NUL byte",
      text: "kubectl get pods\n\u0000\u0001ELF\u0002",
      reason:
        "the transcript looks like binary data, not text: line 2 has a NUL byte; submit the commands or the terminal text as plain text (an asciinema recording as its .cast file)",
      line: 2,
    },
    {
      name: "binary data: bytes that were not UTF-8",
      text: "kubectl get pods\nkubectl get nodes\n\ufffd\ufffdPK",
      reason:
        "the transcript looks like binary data, not text: line 3 has bytes that are not valid UTF-8; submit the commands or the terminal text as plain text (an asciinema recording as its .cast file)",
      line: 3,
    },
    {
      name: "binary data: a control character no terminal prints",
      text: "kubectl get pods\u0003\n",
      reason:
        "the transcript looks like binary data, not text: line 1 has the control character U+0003; submit the commands or the terminal text as plain text (an asciinema recording as its .cast file)",
      line: 1,
    },
    {
      name: "an unterminated heredoc at the end of a command list",
      text: "kubectl get pods\ncat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\n",
      reason: 'the heredoc started on line 2 is not terminated: no line "EOF" comes before the end of the transcript',
      line: 2,
    },
    {
      name: "a heredoc whose delimiter is indented without <<-",
      text: "cat <<EOF > pod.yaml\nkind: Pod\n  EOF\n",
      reason: 'the heredoc started on line 1 is not terminated: no line "EOF" comes before the end of the transcript',
      line: 1,
    },
    {
      name: "a quote left open at the end of a command list",
      text: "kubectl get pods\nkubectl annotate pod web note='first try\n",
      reason:
        "the command on line 2 is still open at the end of the transcript (unexpected EOF while looking for matching `'')",
      line: 2,
    },
    {
      name: "a loop without done",
      text: "for i in 1 2 3; do\n  kubectl get pods\n",
      reason: "the command on line 1 is still open at the end of the transcript (syntax error: unexpected end of file)",
      line: 1,
    },
    {
      name: "a continuation with no next line",
      text: "kubectl run web --image=nginx \\\n",
      reason: "the command on line 1 ends with a \\ continuation, but the end of the transcript comes next",
      line: 1,
    },
    {
      name: "a heredoc in a terminal copy cut off by the next prompt",
      text: "root@k8s-m:~# cat <<EOF | kubectl apply -f -\n> kind: Pod\nroot@k8s-m:~# kubectl get pods\n",
      reason: 'the heredoc started on line 1 is not terminated: no line "EOF" comes before the next prompt (line 3)',
      line: 1,
    },
    {
      name: "a heredoc in a terminal copy cut off by the end",
      text: "root@k8s-m:~# kubectl get ns\nNAME      STATUS   AGE\nroot@k8s-m:~# cat <<'END' > svc.yaml\n> kind: Service\n",
      reason: 'the heredoc started on line 3 is not terminated: no line "END" comes before the end of the transcript',
      line: 3,
    },
    {
      name: "a heredoc in a bash history cut off by the next entry",
      text: "#1700000000\ncat <<EOF > pod.yaml\nkind: Pod\n#1700000010\nkubectl apply -f pod.yaml\n",
      reason:
        'the heredoc started on line 2 is not terminated: no line "EOF" comes before the next history entry (line 4)',
      line: 2,
    },
    {
      name: "a command before the first prompt of a terminal copy",
      text: "kubectl get nodes\nroot@k8s-m:~# kubectl get pods\nNo resources found in default namespace.\n",
      reason:
        'line 1 reads as a command ("kubectl get nodes") but comes before the first prompt (line 2); copy the terminal from a prompt on, or submit only the commands',
      line: 1,
    },
    {
      name: "an asciinema v1 recording",
      text: '{"version": 1, "width": 80, "height": 24, "stdout": [[0.5, "ls\\r\\n"]]}',
      reason: 'bad asciinema header on line 1: "version" is 1; only asciinema v2 (and v3) recordings are read',
      line: 1,
    },
    {
      name: "an asciinema header that is not JSON",
      text: '{"version": 2, "width": 80\n[0.1, "o", "$ "]',
      reason: "bad asciinema header on line 1: it is not a JSON object",
      line: 1,
    },
    {
      name: "an asciinema header without a size",
      text: '{"version": 2}\n[0.1, "o", "$ "]',
      reason: 'bad asciinema header on line 1: "width" and "height" must be positive whole numbers',
      line: 1,
    },
    {
      name: "an asciinema recording whose time goes backwards",
      text: asciinema(event(0.5, "o", "$ ls\r\n"), event(1.5, "o", "pod.yaml\r\n"), event(1.2, "o", "$ ")),
      reason:
        "the asciinema recording's time goes backwards on line 4: 1.2 comes after 1.5 (line 3); event times must never decrease",
      line: 4,
    },
    {
      name: "an asciinema event that is not [time, code, data]",
      text: asciinema(event(0.5, "o", "$ "), '[0.9, "o"]'),
      reason: 'line 3 is not an asciinema event: expected [time, code, "data"], e.g. [1.5, "o", "ls\\r\\n"]',
      line: 3,
    },
    {
      name: "an asciinema event whose time is a string",
      text: asciinema('["0.5", "o", "$ "]'),
      reason: 'line 2 has an event time that is not a number of seconds (0 or more): "0.5"',
      line: 2,
    },
    {
      name: "an asciinema recording without a prompt or input events",
      text: asciinema(event(0.5, "o", "hello\r\n")),
      reason:
        "no shell prompt was found in the recording's output (such as `user@host:~$ ` or `$ `) and it has no input events (asciinema rec --stdin) to take the commands from",
    },
    {
      name: "over 256 KiB",
      text: "kubectl get pods\n".repeat(20_000),
      reason:
        "the transcript is 340000 bytes, over the limit of 262144 bytes (256 KiB), which it passes on line 15421; submit only the commands of the lab",
      line: 15421,
    },
    {
      name: "over 500 commands",
      text: "kubectl get pods\n".repeat(501),
      reason: "the transcript has more than 500 commands (the limit): command 501 starts on line 501",
      line: 501,
    },
    {
      name: "over a lower bound on commands, in a terminal copy",
      text: "$ kubectl get ns\n$ kubectl get pods\nNo resources found in default namespace.\n$ kubectl get nodes\n",
      limits: { maxCommands: 2 },
      reason: "the transcript has more than 2 commands (the limit): command 3 starts on line 4",
      line: 4,
    },
    {
      name: "over a lower bound on size counts UTF-8 bytes",
      text: "echo héllo\necho wörld\n",
      limits: { maxBytes: 16 },
      reason:
        "the transcript is 24 bytes, over the limit of 16 bytes, which it passes on line 2; submit only the commands of the lab",
      line: 2,
    },
  ];
  it.each(cases)("$name", ({ text, limits, reason, line }) => {
    expect(parseTranscript(text, limits)).toEqual(
      line === undefined ? { ok: false, reason } : { ok: false, reason, line },
    );
  });
});

describe("parseTranscript never throws on odd input", () => {
  const odd = [
    "{",
    '{"version": 2, "width": 80, "height": 24}\n[1e308, "o", "\\u001b[99999999C\\u001b[99999999@x"]',
    '{"version": 2, "width": 80, "height": 24}\n[0, "o", "\\u001b[?1049h$ hidden\\r\\n"]\n[1, "o", "\\u001b]0;unterminated title"]',
    "root@k8s-m:~# cat <<\n",
    "root@k8s-m:~# $(( ",
    "$ ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
    "# kubectl get pods\n# kubectl get nodes\n",
    "    1  \n    2  \n",
    "#1700000000\n#1700000001\n",
    "PS C:\\> \n>> \n",
    `echo "${"'\n".repeat(2000)}"`,
  ];
  it.each(odd.map((text, i) => ({ i, text })))("odd input #$i", ({ text }) => {
    const r = parseTranscript(text);
    expect(typeof r.ok).toBe("boolean");
  });
});
