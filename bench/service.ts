/**
 * Service benchmark: submissions per second through the Node server (src/server.ts on PGlite,
 * the demo tenant) under a loopback load generator (autocannon) at 50 concurrent connections,
 * against grading the same submission in-process, measured in the same run.
 *
 * Each request is `POST /api/v1/submissions` with the single-pod lab's reference manifest, so
 * every request stores, grades and records a full-marks result. Each connection is a student of
 * its own (student-1, the demo's, and 49 more enrolled in the demo course before the run), as 50
 * concurrent clients of a grader are 50 students, each with their own attempts. The demo
 * assignment has no attempt limit and no cooldown; the per-key rate limit is raised for the run
 * (it still counts every request: its database write is part of what is measured).
 *
 * The server runs in a child process of its own, as `npm start` would: the load generator must
 * not share the server's event loop. `BENCH_PROFILE=dir` writes the CPU profile of the server's
 * main thread there (`node --cpu-prof`; the grading threads are not profiled);
 * `BENCH_DATABASE_URL=postgres://...` runs it on that (empty) PostgreSQL database instead of
 * PGlite, for comparison.
 *
 * Reading the numbers. The server's main thread serves HTTP and runs PGlite, one transaction at
 * a time; grading runs on threads of its own (one per core but one), so on two cores one
 * submission is graded while the next is stored. With 50 requests in flight, each waits for the
 * ones ahead of it: by Little's law a closed loop of 50 clients sees a mean latency of
 * 50 / throughput. Even a server that added nothing to grading could not finish more than
 * `cores / grading time` submissions a second, so its p50 would be at least 50 x grading / cores
 * (25x on two cores): the target "p50 at most 2x in-process grading" cannot hold at 50 clients
 * for any server on this machine, and is read three ways, all printed:
 *   - p50 at 50 connections / grading median: what the target literally says, next to the
 *     queueing floor above.
 *   - service time per submission (1 / throughput) / grading median: grading plus what the
 *     service adds to it (HTTP, auth, the rate-limit counter, the transactions that store the
 *     raw submission, the result, the progress and the audit log), less what runs at the same
 *     time on the other core. This is the honest reading of "at most 2x": the service costs at
 *     most as much again as grading itself. Both cores are busy at 50 connections, so it moves
 *     with whatever else the machine runs; compare runs made in the same conditions.
 *   - p50 at 1 connection / grading median: a submission's latency on an idle server.
 * Latency under load is bought with more processes (DATABASE_URL and several servers) or
 * Workers, not by a faster single process.
 *
 * Timeouts, when a run shows some, are connections the saturated server accepted late, not
 * failed gradings: PGlite's work is a chain of promises that never waits for I/O, so a busy
 * Node process serves its in-flight requests in rounds and takes new connections between them.
 * Of 50 connections opened at once, the last can wait past autocannon's 10 s timeout (a plain
 * `node:http` server burning the same CPU per request behaves the same way). They are counted
 * as errors here, as a client would count them.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { grade } from "../src/grading/grade.ts";
import { loadLab } from "../src/grading/lab/load.ts";
import { resolveParameters } from "../src/grading/lab/parameters.ts";
import type { Lab, Submission } from "../src/grading/types.ts";
import { readLab } from "../src/node/labs.ts";
import { DEMO, type DemoTenant } from "../src/service/seed.ts";
import { fmt, measure, stats } from "./util.ts";

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
  duration: number;
}
type Autocannon = (opts: {
  url: string;
  method: "POST";
  connections: number;
  duration: number;
  headers: Record<string, string>;
  body: string;
  /** Called once per connection as it opens. */
  setupClient?: (client: { setBody(body: string): void }) => void;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/** Untimed in-process gradings before each timed series (see benchService). */
const GRADING_WARMUP = 800;

export interface ServiceBenchOptions {
  connections?: number;
  durationSeconds?: number;
  gradingRuns?: number;
}

/** The single-pod reference solution as one manifest, for the demo student's pod name. */
function referenceSubmission(lab: Lab, student: string): Submission {
  const pod = String(resolveParameters(lab, student).pod);
  const transcript = lab.solutions.reference.transcript ?? "";
  const heredoc = /<<'EOF'\n([\s\S]*?)\nEOF\n/.exec(transcript);
  if (!heredoc) throw new Error(`${DEMO.lab}'s reference solution no longer writes its manifest with a heredoc`);
  return { kind: "manifests", files: [{ name: "pod.yaml", content: `${heredoc[1]}\n`.replaceAll("{{pod}}", pod) }] };
}

export async function benchService(opts: ServiceBenchOptions = {}): Promise<string[]> {
  const connections = opts.connections ?? 50;
  const duration = opts.durationSeconds ?? 10;
  const read = readLab(DEMO.lab);
  if (!read.ok) throw new Error(read.error);
  const loaded = await loadLab(read.source);
  if (!loaded.ok) throw new Error(`${DEMO.lab} does not load`);
  const lab = loaded.lab;
  const student = "student-1"; // the demo student's external id (src/service/seed.ts)
  const submission = referenceSubmission(lab, student);
  // Each connection is a student of its own, submitting again as soon as graded: 50 concurrent
  // clients are 50 students, each with their own attempts (one student holding 50 connections
  // would have every submission count thousands of that student's earlier ones).
  const students = Array.from({ length: connections }, (_, i) => `student-${i + 1}`);

  // In-process grading first, on an idle machine (and again after the load, below). Warm, as the
  // server's grading thread is after the first few hundred submissions: the grading code takes
  // about 600 runs to reach its steady speed, and fewer warm-up runs flattered the ratios below
  // with a slower divisor.
  const check = grade(lab, submission, { student }).report;
  if (check.score !== check.maxScore) throw new Error(`the reference scores ${check.score}/${check.maxScore}`);
  const inProcess = stats(
    await measure(() => grade(lab, submission, { student }), opts.gradingRuns ?? 200, GRADING_WARMUP),
  );

  const server = await startServerProcess();
  try {
    const url = `${server.url}/api/v1/submissions`;
    const headers = { authorization: `Bearer ${server.demo.instructorKey}`, "content-type": "application/json" };
    const body = JSON.stringify({ assignmentId: server.demo.assignmentId, studentId: student, submission });
    // A benchmark of refusals measures nothing: the first submission must be graded in full.
    const first = await fetch(url, { method: "POST", headers, body });
    const firstBody = (await first.json()) as { status?: string; report?: { score: number; maxScore: number } };
    if (first.status !== 201 || firstBody.status !== "graded" || firstBody.report?.score !== check.maxScore) {
      throw new Error(`the first submission was not graded: ${first.status} ${JSON.stringify(firstBody)}`);
    }
    // student-1 is the demo's own; the others are created and enrolled in the demo course.
    const others = students.slice(1).map((externalId) => ({ externalId, name: externalId }));
    if (others.length > 0) {
      const enrolled = await fetch(`${server.url}/api/v1/students`, {
        method: "POST",
        headers,
        body: JSON.stringify({ courseId: server.demo.courseId, students: others }),
      });
      if (enrolled.status !== 200) {
        throw new Error(`the students were not created: ${enrolled.status} ${await enrolled.text()}`);
      }
    }
    const bodies = students.map((externalId) =>
      JSON.stringify({
        assignmentId: server.demo.assignmentId,
        studentId: externalId,
        submission: referenceSubmission(lab, externalId),
      }),
    );
    const run = (c: number, seconds: number) => {
      let next = 0;
      return autocannon({
        url,
        method: "POST",
        connections: c,
        duration: seconds,
        headers,
        body,
        setupClient: (client) => client.setBody(bodies[next++ % bodies.length]),
      });
    };
    await run(1, 1); // warm-up: JIT, PGlite's caches
    const idle = await run(1, Math.max(2, Math.round(duration / 3)));
    const loaded50 = await run(connections, duration);
    // In-process grading again, straight after: the machine's speed drifts over a run, and a
    // ratio is only as good as its two sides are measured alike. The divisor is their mean.
    const after = stats(
      await measure(() => grade(lab, submission, { student }), opts.gradingRuns ?? 200, GRADING_WARMUP),
    );

    const perSubmission = 1000 / loaded50.requests.average;
    const g = (inProcess.median + after.median) / 2;
    const cores = availableParallelism();
    const line = (label: string, r: AutocannonResult) =>
      `${label}: ${r.requests.average.toFixed(1)} submissions/s (${r["2xx"]} graded in ${r.duration} s), p50 ${fmt(r.latency.p50)}, p99 ${fmt(r.latency.p99)}, errors ${r.errors} (timeouts ${r.timeouts}), non-2xx ${r.non2xx}`;
    const errors = idle.errors + idle.non2xx + loaded50.errors + loaded50.non2xx;
    return [
      `database: ${process.env.BENCH_DATABASE_URL ? "PostgreSQL (BENCH_DATABASE_URL)" : "PGlite in a temporary directory, as npm start"}`,
      `in-process grade() of the reference manifest: median ${fmt(inProcess.median)} before the service runs and ${fmt(after.median)} after (${inProcess.runs} runs each); ratios divide by their mean, ${fmt(g)}`,
      line("1 connection  ", idle),
      line(`${connections} connections`, loaded50),
      `errors and non-2xx: ${errors === 0 ? "none (target: none, met)" : `${errors} (target: none, MISSED)`}`,
      `p50(service, ${connections} connections) / median(in-process): ${(loaded50.latency.p50 / g).toFixed(1)}x (literal target at most 2x; queueing floor for any server here: ${connections} x grading / ${cores} cores = ${(connections / cores).toFixed(0)}x; Little's law from the measured throughput: ${fmt(connections * perSubmission)})`,
      `service time per submission (1 / throughput) / median(in-process): ${(perSubmission / g).toFixed(2)}x (target at most 2x: ${perSubmission / g <= 2 ? "met" : "missed"})`,
      `p50(service, 1 connection) / median(in-process): ${(idle.latency.p50 / g).toFixed(2)}x (an idle server's latency)`,
    ];
  } finally {
    await server.stop();
  }
}

interface ServerProcess {
  url: string;
  demo: DemoTenant;
  stop(): Promise<void>;
}

/** Starts src/server.ts in a child process on a fresh PGlite directory (as `npm start` does). */
async function startServerProcess(): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "labgrader-bench-"));
  const profileDir = process.env.BENCH_PROFILE;
  const database = process.env.BENCH_DATABASE_URL ?? join(dataDir, "pglite");
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--serve", database], {
    execArgv: ["--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise<{ url: string; demo: DemoTenant }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { url: string; demo: DemoTenant }));
    child.once("exit", (code) => reject(new Error(`the server process exited (${code}) before it listened`)));
  });
  return {
    ...ready,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send("stop");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The child: the real server, quiet (a log line per request would be measured too), until told to stop. */
async function serve(database: string): Promise<void> {
  const { startServer } = await import("../src/server.ts");
  const running = await startServer({
    port: 0,
    ...(/^postgres(ql)?:/.test(database) ? { databaseUrl: database } : { dataDir: database }),
    sweepEveryMs: 0,
    rateLimitPerMinute: Number.MAX_SAFE_INTEGER,
    log: () => {},
  });
  if (!running.demo) throw new Error("the demo tenant was not created");
  process.send?.({ url: running.url, demo: running.demo });
  process.once("message", async () => {
    await running.close();
    process.exit(0);
  });
}

if (process.argv[2] === "--serve") {
  await serve(process.argv[3]);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  for (const l of await benchService()) console.log(l);
}
