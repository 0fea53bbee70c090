/**
 * The `labgrader` command. This file is the imperative shell around the core: it reads real
 * files and stdin, and writes to the terminal.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { splitTopLevel } from "./cli/shell/parser.ts";
import { buildSimulation } from "./cli/simulation.ts";
import { grade, reportText } from "./grading/grade.ts";
import { formatLintError, type LoadResult, loadLab } from "./grading/lab/load.ts";
import { testLab } from "./grading/lab-test.ts";
import type { Lab, SubmittedFile } from "./grading/types.ts";
import { catalogueIds, readLab } from "./node/labs.ts";

const HELP = `labgrader: grade hands-on Docker, Swarm and Kubernetes labs against a deterministic simulation

Usage:
  labgrader sim   [--lab ID|PATH] [--k8s-version X.Y] [--seed N] [--file PATH]... [--json] < script
  labgrader grade --lab ID|PATH [--transcript FILE] [--manifest FILE]... [--student ID] [--json]
  labgrader labs
  labgrader lab lint PATH
  labgrader lab test [ID|PATH]
  labgrader --help

Commands:
  sim        Replay a shell script (one step per top-level command) in a fresh simulation and print
             what the terminal shows; --json prints {"steps":[{"command","stdout","stderr","exitCode"}]}.
  grade      Grade a transcript (a command list, a bash history, a terminal copy or an asciinema
             recording; - reads stdin) and/or manifests against a lab; --json prints the report.
  labs       List the labs of the catalogue.
  lab lint   Check a lab folder; errors are printed as file:line:column: path: message.
  lab test   Prove a lab (or every catalogue lab): the reference solution scores full marks and each
             known-wrong solution fails exactly the checkpoints it lists.

Options for sim:
  --k8s-version X.Y   Kubernetes version to emulate (1.21 or 1.33; default 1.33)
  --seed N            Seed for generated names, IPs and ids (default 1)
  --file PATH         Copy a local file into the simulated working directory (repeatable)
  --json              Machine-readable steps
  --lab ID|PATH       Start from a lab's environment
`;

const MAX_SCRIPT_BYTES = 1024 * 1024;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

function fail(message: string, code = 2): never {
  process.stderr.write(`labgrader: ${message}\n`);
  process.exit(code);
}

function readStdin(): string {
  try {
    return readFileSync(0, "utf8");
  } catch {
    return "";
  }
}

async function loadLabOrExit(idOrPath: string): Promise<Lab> {
  const read = readLab(idOrPath);
  if (!read.ok) fail(read.error);
  const loaded: LoadResult = await loadLab(read.source);
  if (!loaded.ok) fail(`lab ${idOrPath} is invalid:\n${loaded.errors.map(formatLintError).join("\n")}`);
  return loaded.lab;
}

async function sim(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseSimArgs>;
  try {
    parsed = parseSimArgs(argv);
  } catch (e) {
    fail(`${(e as Error).message}\n${HELP}`);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.lab !== undefined) fail(`lab "${values.lab}" not found: the lab catalogue is empty`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
    fail(`--seed must be an integer from 0 to 4294967295, got "${values.seed}"`);
  const created = buildSimulation({ kubernetesVersion: values["k8s-version"], seed });
  if (!created.ok) fail(created.error);
  const simulation = created.simulation;
  for (const path of values.file ?? []) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      fail(`cannot read --file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (Buffer.byteLength(text) > MAX_FILE_BYTES) fail(`--file ${path} is larger than ${MAX_FILE_BYTES} bytes`);
    simulation.writeFile(basename(path), text);
  }
  const script = readStdin();
  if (Buffer.byteLength(script) > MAX_SCRIPT_BYTES) fail(`the script is larger than ${MAX_SCRIPT_BYTES} bytes`);
  const steps = splitTopLevel(script);
  const results: { command: string; stdout: string; stderr: string; exitCode: number }[] = [];
  let exitCode = 0;
  for (const command of steps) {
    const r = simulation.execSync(command);
    exitCode = r.exitCode;
    if (values.json) results.push({ command, ...r });
    else {
      if (r.stdout) process.stdout.write(r.stdout);
      if (r.stderr) process.stderr.write(r.stderr);
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ steps: results })}\n`);
  return values.json ? 0 : exitCode;
}

function parseSimArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      lab: { type: "string" },
      "k8s-version": { type: "string" },
      seed: { type: "string" },
      file: { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
}

function readInput(path: string, what: string): string {
  if (path === "-") return readStdin();
  try {
    const text = readFileSync(path, "utf8");
    if (Buffer.byteLength(text) > MAX_FILE_BYTES) fail(`${what} ${path} is larger than ${MAX_FILE_BYTES} bytes`);
    return text;
  } catch (e) {
    fail(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function gradeCommand(argv: string[]): Promise<number> {
  let values: {
    lab?: string;
    transcript?: string;
    manifest?: string[];
    student?: string;
    json?: boolean;
    help?: boolean;
  };
  try {
    values = parseArgs({
      args: argv,
      options: {
        lab: { type: "string" },
        transcript: { type: "string" },
        manifest: { type: "string", multiple: true },
        student: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    fail(`${(e as Error).message}\n${HELP}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.lab) fail("grade needs --lab ID|PATH");
  if (!values.transcript && !values.manifest?.length) fail("grade needs --transcript FILE and/or --manifest FILE");
  const lab = await loadLabOrExit(values.lab);
  const files: SubmittedFile[] = (values.manifest ?? []).map((p) => ({
    name: basename(p),
    content: readInput(p, "--manifest"),
  }));
  const submission =
    values.transcript !== undefined
      ? { kind: "transcript" as const, text: readInput(values.transcript, "--transcript"), files }
      : { kind: "manifests" as const, files };
  const { report } = grade(lab, submission, { student: values.student });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
  return report.gradable ? 0 : 1;
}

async function labsCommand(): Promise<number> {
  for (const id of catalogueIds()) {
    const lab = await loadLabOrExit(id);
    process.stdout.write(`${id.padEnd(28)} ${lab.title}\n`);
  }
  return 0;
}

async function labCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "lint") {
    if (rest.length !== 1) fail("usage: labgrader lab lint PATH");
    const read = readLab(rest[0]);
    if (!read.ok) fail(read.error);
    const loaded = await loadLab(read.source);
    if (loaded.ok) {
      process.stdout.write(
        `${read.source.dir}/lab.yaml: ok (${loaded.lab.id} ${loaded.lab.version}, ${loaded.lab.checkpoints.length} checkpoints)\n`,
      );
      return 0;
    }
    process.stderr.write(`${loaded.errors.map(formatLintError).join("\n")}\n`);
    return 1;
  }
  if (sub === "test") {
    if (rest.length > 1) fail("usage: labgrader lab test [ID|PATH]");
    const targets = rest.length ? rest : catalogueIds();
    if (targets.length === 0) fail("no labs to test");
    let ok = true;
    for (const t of targets) {
      const lab = await loadLabOrExit(t);
      const outcome = testLab(lab);
      process.stdout.write(`${outcome.lines.join("\n")}\n`);
      ok &&= outcome.ok;
    }
    return ok ? 0 : 1;
  }
  fail(`unknown lab command "${sub ?? ""}": use lab lint PATH or lab test [ID|PATH]`);
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "sim":
      return sim(rest);
    case "grade":
      return gradeCommand(rest);
    case "labs":
      return labsCommand();
    case "lab":
      return labCommand(rest);
    case undefined:
    case "--help":
    case "-h":
    case "help":
      process.stdout.write(HELP);
      return 0;
    default:
      fail(`unknown command "${cmd}"\n${HELP}`);
  }
}
