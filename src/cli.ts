/**
 * The `labgrader` command. This file is the imperative shell around the core: it reads real
 * files and stdin, and writes to the terminal.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { splitTopLevel } from "./cli/shell/parser.ts";
import { buildSimulation } from "./cli/simulation.ts";

const HELP = `labgrader: grade hands-on Docker, Swarm and Kubernetes labs against a deterministic simulation

Usage:
  labgrader sim [--lab ID|PATH] [--k8s-version X.Y] [--seed N] [--file PATH]... [--json] < script
  labgrader --help

Commands:
  sim     Replay a shell script (one step per top-level command) in a fresh simulation and print
          what the terminal shows; --json prints {"steps":[{"command","stdout","stderr","exitCode"}]}.

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

function sim(argv: string[]): number {
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

export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "sim":
      return sim(rest);
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
