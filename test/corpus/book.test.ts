/**
 * The textbook corpus: every manifest in ../shared/corpus/book, applied with
 * `kubectl apply -f <file>` to a fresh default cluster, prints exactly what kubectl of the
 * emulated version prints (stdout, stderr, exit code) — as the independent oracle in
 * oracle.ts derives it from the corpus index. Files we knowingly get wrong are in KNOWN_GAPS
 * (skipped, with the reason); every other file must match. A second pass checks that each
 * workload object the file created is listed by `kubectl get <kind> <name>`.
 *
 * The counts (files handled exactly / files total, per version) are printed and written to
 * test/corpus/REPORT.md on every run.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulation } from "../../src/index.ts";
import {
  basename,
  type CorpusFile,
  type Expected,
  editionlessPath,
  expectedApply,
  isServed,
  type Minor,
} from "./oracle.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BOOK = join(ROOT, "..", "shared", "corpus", "book");
const INDEX = join(BOOK, "INDEX.json");
const REPORT = join(ROOT, "test", "corpus", "REPORT.md");

const VERSIONS: { version: string; minor: Minor }[] = [
  { version: "1.21", minor: 21 },
  { version: "1.33", minor: 33 },
];

/**
 * Files we knowingly don't reproduce yet, per version (`<minor>:<path inside the edition>`),
 * with the reason and where the fix belongs.
 */
const KNOWN_GAPS: Record<string, string> = {};

/** Kinds whose objects the second pass looks up with `kubectl get`. */
const WORKLOAD_KINDS = new Set(["Pod", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob"]);

interface Outcome {
  file: CorpusFile;
  expected: Expected;
  actual: Expected;
  /** `kubectl get` results for the workload objects the apply created. */
  gets: { command: string; result: Expected }[];
}

const corpusPresent = existsSync(INDEX);
const files: CorpusFile[] = corpusPresent
  ? (JSON.parse(readFileSync(INDEX, "utf8")) as { files: CorpusFile[] }).files.filter((f) => f.type === "yaml")
  : [];

/** The file's text as a student's terminal would hand it over: UTF-8, or bytes as Latin-1 for the CP949 files. */
function fileText(f: CorpusFile): string {
  const bytes = readFileSync(join(BOOK, f.path));
  return f.encoding?.startsWith("cp949") ? bytes.toString("latin1") : bytes.toString("utf8");
}

async function run(f: CorpusFile, version: string, minor: Minor): Promise<Outcome> {
  const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
  const name = basename(f.path);
  sim.writeFile(name, fileText(f));
  const actual = await sim.exec(`kubectl apply -f ${name}`);
  const expected = expectedApply(f, minor);
  const gets: Outcome["gets"] = [];
  for (const d of f.documents ?? []) {
    if (!d.kind || !d.apiVersion || !d.name || !WORKLOAD_KINDS.has(d.kind)) continue;
    if (!isServed(d.apiVersion, d.kind, minor)) continue;
    const created = expected.stdout.split("\n").some((l) => l.endsWith(`/${d.name} created`));
    if (!created) continue;
    const group = d.apiVersion.includes("/") ? `.${d.apiVersion.slice(0, d.apiVersion.indexOf("/"))}` : "";
    const ns = d.namespace ? ` -n ${d.namespace}` : "";
    const command = `kubectl get ${d.kind.toLowerCase()}${group} ${d.name}${ns}`;
    gets.push({ command, result: await sim.exec(command) });
  }
  return { file: f, expected, actual, gets };
}

const gapKey = (minor: Minor, f: CorpusFile) => `${minor}:${editionlessPath(f.path)}`;
const matches = (o: Outcome) =>
  !o.expected.notDerived &&
  o.actual.stdout === o.expected.stdout &&
  o.actual.stderr === o.expected.stderr &&
  o.actual.exitCode === o.expected.exitCode;

const results = new Map<Minor, Outcome[]>();

if (!corpusPresent) {
  describe("the textbook corpus", () => {
    it.skip(`is absent: ${BOOK} not found (place the shared/ folder beside the repository to run these)`, () => {});
  });
} else {
  afterAll(() => {
    if (results.size === 0) return;
    const report = renderReport();
    writeFileSync(REPORT, report);
    console.log(report);
  });

  for (const { version, minor } of VERSIONS) {
    describe(`the textbook corpus applied on Kubernetes ${version}`, () => {
      beforeAll(async () => {
        const out: Outcome[] = [];
        for (const f of files) out.push(await run(f, version, minor));
        results.set(minor, out);
      }, 300_000);

      const outcome = (f: CorpusFile) => results.get(minor)?.find((o) => o.file === f) as Outcome;

      for (const f of files) {
        const gap = KNOWN_GAPS[gapKey(minor, f)];
        if (gap) {
          it.skip(`${f.path} on ${version} prints what kubectl prints (known gap: ${gap})`, () => {});
          continue;
        }
        it(`${f.path} on ${version} prints what kubectl prints`, () => {
          const o = outcome(f);
          expect(o.expected.notDerived).toBeUndefined();
          expect({ stdout: o.actual.stdout, stderr: o.actual.stderr, exitCode: o.actual.exitCode }).toEqual(o.expected);
        });
      }

      it(`every workload object a file creates on ${version} is listed by kubectl get`, () => {
        const failures: string[] = [];
        for (const o of results.get(minor) ?? []) {
          if (KNOWN_GAPS[gapKey(minor, o.file)]) continue;
          for (const g of o.gets) {
            const rows = g.result.stdout.split("\n").filter(Boolean);
            const name = g.command.split(" ")[3];
            const ok =
              g.result.exitCode === 0 && g.result.stderr === "" && rows.length === 2 && rows[1].startsWith(`${name} `);
            if (!ok) failures.push(`${o.file.path}: ${g.command} -> ${JSON.stringify(g.result)}`);
          }
        }
        expect(failures).toEqual([]);
      });

      it(`lists in KNOWN_GAPS only files that still differ on ${version}`, () => {
        const stale = (results.get(minor) ?? [])
          .filter((o) => KNOWN_GAPS[gapKey(minor, o.file)] && matches(o))
          .map((o) => o.file.path);
        expect(stale).toEqual([]);
      });
    });
  }
}

function renderReport(): string {
  const lines = [
    "# Textbook corpus: `kubectl apply -f <file>` on a fresh default cluster",
    "",
    "Regenerated by `npx vitest run test/corpus`. Expected outputs come from test/corpus/oracle.ts",
    "(derived from ../shared/corpus/book/INDEX.json and upstream behaviour), not from the simulation.",
    "",
  ];
  // A padded table, as a Markdown formatter leaves it, so a run without changes leaves the file as committed.
  const header = ["version", "files handled exactly", "files total", "known gaps"];
  const rows: string[][] = [];
  for (const { version, minor } of VERSIONS) {
    const out = results.get(minor);
    if (!out) continue;
    const exact = out.filter(matches).length;
    const gaps = out.filter((o) => KNOWN_GAPS[gapKey(minor, o.file)]).length;
    rows.push([version, String(exact), String(out.length), String(gaps)]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  lines.push(row(header), row(widths.map((w) => "-".repeat(w))), ...rows.map(row));
  lines.push("", "## Known gaps", "");
  for (const [key, reason] of Object.entries(KNOWN_GAPS)) lines.push(`- \`${key}\`: ${reason}`);
  if (Object.keys(KNOWN_GAPS).length === 0) lines.push("None.");
  const differing: string[] = [];
  for (const { version, minor } of VERSIONS) {
    for (const o of results.get(minor) ?? []) {
      if (!matches(o) && !KNOWN_GAPS[gapKey(minor, o.file)]) differing.push(`- ${version} \`${o.file.path}\``);
    }
  }
  if (differing.length) lines.push("", "## Differing outside KNOWN_GAPS (failing tests)", "", ...differing);
  return `${lines.join("\n")}\n`;
}
