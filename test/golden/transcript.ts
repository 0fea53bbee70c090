/**
 * Golden transcripts: a readable record of a terminal session, parsed into steps and rendered
 * back. The format:
 *
 *   # kubernetes: 1.33            header: the emulated version (and optionally `# seed: N`);
 *   # any other comment            other `#` lines before the first command are notes
 *   === file nginx-pod.yaml        a file written into the working directory before the
 *   apiVersion: v1                 session starts, verbatim up to `=== end`
 *   === end
 *   === corpus start-docker-kubernetes/chapter6/nginx-pod.yaml
 *                                  a textbook example read from ../shared/corpus/book (never
 *                                  copied into the project), written under its base name
 *   $ kubectl apply -f nginx-pod.yaml     a command (continuation lines start with `> `)
 *   pod/my-nginx-pod created              its stdout, line by line
 *   ! Warning: ...                        its stderr, each line marked `! `
 *   [exit 1]                              its exit code, when not 0
 *
 * A stdout line that would read as markup (`$ `, `> `, `! `, `[exit `, `[no newline`, `\`)
 * is written with a leading `\`. Output that does not end with a newline is followed by
 * `[no newline at end of stdout]` (or stderr).
 */

export interface GoldenStep {
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface Golden {
  version: string;
  seed: number;
  /** Header lines kept verbatim (comments and the version/seed lines). */
  header: string[];
  files: { name: string; text: string }[];
  /** Paths under the textbook corpus, written into the working directory by base name. */
  corpus: string[];
  steps: GoldenStep[];
}

export type ParsedGolden = { ok: true; golden: Golden } | { ok: false; error: string };

const MARKUP = /^(\$ |> |! |!$|\[exit |\[no newline|\\)/;

export function parseGolden(text: string): ParsedGolden {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const header: string[] = [];
  const files: Golden["files"] = [];
  const corpus: string[] = [];
  let version = "";
  let seed = 1;
  let i = 0;
  for (; i < lines.length && !lines[i].startsWith("$ "); i++) {
    const line = lines[i];
    const file = /^=== file (.+)$/.exec(line);
    if (file) {
      const body: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== "=== end") body.push(lines[i++]);
      if (i >= lines.length) return { ok: false, error: `file ${file[1]}: no "=== end"` };
      files.push({ name: file[1], text: body.length ? `${body.join("\n")}\n` : "" });
      continue;
    }
    const fromCorpus = /^=== corpus (\S+)$/.exec(line);
    if (fromCorpus) {
      // Kept in the header so it renders back in place.
      header.push(line);
      corpus.push(fromCorpus[1]);
      continue;
    }
    if (line.startsWith("#") || line === "") {
      header.push(line);
      const v = /^# kubernetes: (\S+)$/.exec(line);
      if (v) version = v[1];
      const s = /^# seed: (\d+)$/.exec(line);
      if (s) seed = Number(s[1]);
      continue;
    }
    return { ok: false, error: `line ${i + 1}: expected a header comment, a file or a command: ${line}` };
  }
  if (!version) return { ok: false, error: 'no "# kubernetes: X.Y" header' };
  const steps: GoldenStep[] = [];
  while (i < lines.length) {
    const command = [lines[i].slice(2)];
    i++;
    while (i < lines.length && lines[i].startsWith("> ")) command.push(lines[i++].slice(2));
    const out: string[] = [];
    const err: string[] = [];
    let exitCode = 0;
    let outEol = true;
    let errEol = true;
    while (i < lines.length && !lines[i].startsWith("$ ")) {
      const line = lines[i++];
      if (line.startsWith("! ") || line === "!") err.push(line.slice(2));
      else if (line.startsWith("[exit ")) exitCode = Number(line.slice(6, -1));
      else if (line === "[no newline at end of stdout]") outEol = false;
      else if (line === "[no newline at end of stderr]") errEol = false;
      else out.push(line.startsWith("\\") ? line.slice(1) : line);
    }
    steps.push({
      command: command.join("\n"),
      stdout: out.length ? out.join("\n") + (outEol ? "\n" : "") : "",
      stderr: err.length ? err.join("\n") + (errEol ? "\n" : "") : "",
      exitCode,
    });
  }
  return { ok: true, golden: { version, seed, header, files, corpus, steps } };
}

export function renderGolden(g: Golden): string {
  const out: string[] = [...g.header];
  for (const f of g.files) {
    out.push(`=== file ${f.name}`);
    if (f.text) out.push(...f.text.replace(/\n$/, "").split("\n"));
    out.push("=== end");
  }
  for (const s of g.steps) out.push(...renderStep(s));
  return `${out.join("\n")}\n`;
}

export function renderStep(s: GoldenStep): string[] {
  const out: string[] = [];
  const [first, ...rest] = s.command.split("\n");
  out.push(`$ ${first}`, ...rest.map((l) => `> ${l}`));
  if (s.stdout) {
    const body = s.stdout.endsWith("\n") ? s.stdout.slice(0, -1) : s.stdout;
    for (const l of body.split("\n")) out.push(MARKUP.test(l) ? `\\${l}` : l);
    if (!s.stdout.endsWith("\n")) out.push("[no newline at end of stdout]");
  }
  if (s.stderr) {
    const body = s.stderr.endsWith("\n") ? s.stderr.slice(0, -1) : s.stderr;
    for (const l of body.split("\n")) out.push(l ? `! ${l}` : "!");
    if (!s.stderr.endsWith("\n")) out.push("[no newline at end of stderr]");
  }
  if (s.exitCode !== 0) out.push(`[exit ${s.exitCode}]`);
  return out;
}
