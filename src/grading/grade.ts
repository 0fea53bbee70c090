/**
 * Grading a submission: parse it, replay it in a fresh simulation of the lab's environment,
 * evaluate the checkpoints (prerequisites first, scenarios on a fork of the final state),
 * and report — the same report, byte for byte, for the same submission and lab version.
 */
import type { Simulation } from "../cli/simulation.ts";
import { findAuthenticityIssues } from "./authenticity/index.ts";
import { type CheckContext, evaluateChain, evaluateCheck, scenarioChain } from "./checks/index.ts";
import { type Params, renderDeep, resolveParameters } from "./lab/parameters.ts";
import { replay, startEnvironment } from "./replay.ts";
import { parseTranscript } from "./transcript/index.ts";
import type {
  Checkpoint,
  CheckpointReport,
  CheckResult,
  Lab,
  ReplayStep,
  Report,
  Submission,
  SubmittedFile,
  TranscriptCommand,
} from "./types.ts";

export const GRADER_VERSION = "0.1.0";

export const SUBMISSION_LIMITS = { files: 50, fileBytes: 1024 * 1024, totalBytes: 4 * 1024 * 1024 };

/**
 * The grader looks at the cluster as an instructor checking it later would: this long after the
 * last command (pods started, rollouts finished), in virtual time.
 */
export const SETTLE_MS = 30_000;

export interface GradeOptions {
  /** The student id (drives per-student parameters). */
  student?: string;
}

export interface GradeResult {
  report: Report;
  steps: ReplayStep[];
}

/** The commands a submission stands for: a transcript's, or `kubectl apply -f` of each manifest file. */
export function submissionCommands(
  sub: Submission,
): { ok: true; commands: TranscriptCommand[]; files: SubmittedFile[] } | { ok: false; reason: string; line?: number } {
  const files = sub.files ?? [];
  if (files.length > SUBMISSION_LIMITS.files) {
    return { ok: false, reason: `the submission has ${files.length} files; the limit is ${SUBMISSION_LIMITS.files}` };
  }
  let total = 0;
  for (const f of files) {
    const bytes = new TextEncoder().encode(f.content).length;
    total += bytes;
    if (bytes > SUBMISSION_LIMITS.fileBytes) {
      return { ok: false, reason: `file "${f.name}" is ${bytes} bytes; the limit is ${SUBMISSION_LIMITS.fileBytes}` };
    }
    if (!/^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,199}$/.test(f.name) || f.name.includes("..")) {
      return {
        ok: false,
        reason: `file name "${f.name}" is not allowed (letters, digits, '.', '_', '-' and '/' only)`,
      };
    }
  }
  if (total > SUBMISSION_LIMITS.totalBytes) {
    return { ok: false, reason: `the submission is ${total} bytes; the limit is ${SUBMISSION_LIMITS.totalBytes}` };
  }
  if (sub.kind === "manifests") {
    if (files.length === 0) return { ok: false, reason: "the submission has no manifest files" };
    return {
      ok: true,
      files,
      commands: files.map((f, i) => ({ line: i + 1, command: `kubectl apply -f ${quote(f.name)}` })),
    };
  }
  const parsed = parseTranscript(sub.text);
  if (!parsed.ok)
    return { ok: false, reason: parsed.reason, ...(parsed.line !== undefined ? { line: parsed.line } : {}) };
  if (parsed.commands.length === 0) return { ok: false, reason: "the transcript has no commands" };
  return { ok: true, files, commands: parsed.commands };
}

function quote(name: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}

export function grade(lab: Lab, submission: Submission, opts: GradeOptions = {}): GradeResult {
  const student = opts.student ?? "anonymous";
  const params = resolveParameters(lab, student);
  const base = {
    lab: { id: lab.id, version: lab.version, title: lab.title },
    ...(opts.student ? { student: opts.student } : {}),
    grader: { version: GRADER_VERSION },
  };
  const maxScore = lab.checkpoints.reduce((a, c) => a + c.points, 0);
  const parsed = submissionCommands(submission);
  const ungradable = (reason: string, line?: number): GradeResult => ({
    report: {
      ...base,
      gradable: false,
      reason,
      ...(line !== undefined ? { line } : {}),
      score: 0,
      maxScore,
      checkpoints: [],
      authenticity: [],
      replay: { commands: 0, virtualSeconds: 0, kubernetesVersion: versionOf(lab) },
    },
    steps: [],
  });
  if (!parsed.ok) return ungradable(parsed.reason, parsed.line);

  const run = (record: boolean): { sim: Simulation; steps: ReplayStep[] } | { error: string } => {
    const env = startEnvironment(lab, params);
    if (!env.ok) return { error: env.error };
    for (const f of parsed.files) env.sim.writeFile(f.name, f.content);
    const steps = replay(env.sim, parsed.commands, { record });
    env.sim.advance(SETTLE_MS);
    return { sim: env.sim, steps };
  };
  const first = run(true);
  if ("error" in first) return ungradable(`the lab's environment could not be built: ${first.error}`);
  const { sim, steps } = first;
  const virtualSeconds = steps.length ? steps[steps.length - 1].at : 0;

  const ctx: CheckContext = {
    sim,
    steps,
    params,
    fork: () => {
      const again = run(false);
      if ("error" in again) throw new Error(again.error);
      return again.sim;
    },
  };
  const checkpoints = evaluateCheckpoints(lab, ctx, params);
  // From here on nothing reads the graded simulation's cluster state: it may have been lent
  // out as the last fork (see lenderOf); the report uses only its version.
  const minor = sim.cluster.minor;
  const authenticity = findAuthenticityIssues(
    parsed.commands,
    steps.map((s) => ({ stdout: s.stdout, stderr: s.stderr })),
    minor,
  );
  return {
    report: {
      ...base,
      gradable: true,
      score: round(checkpoints.reduce((a, c) => a + c.awarded, 0)),
      maxScore,
      checkpoints,
      authenticity,
      replay: { commands: steps.length, virtualSeconds, kubernetesVersion: sim.cluster.version.gitVersion },
    },
    steps,
  };
}

function evaluateCheckpoints(lab: Lab, ctx: CheckContext, params: Params): CheckpointReport[] {
  const passed = new Set<string>();
  const out = new Array<CheckpointReport>(lab.checkpoints.length);
  // Checkpoints evaluated last, on the graded simulation itself, each with the prerequisites
  // as they stood at its place: a chain of scenarios continuing one another, or the lender.
  const last = lastEvaluated(lab.checkpoints, params);
  const passedAt = new Map<number, Set<string>>();
  for (const [i, cp] of lab.checkpoints.entries()) {
    if (last.includes(i)) {
      passedAt.set(i, new Set(passed));
      continue;
    }
    out[i] = evaluateCheckpoint(cp, passed, ctx, params);
    if (out[i].passed) passed.add(cp.id);
  }
  if (last.length === 1) {
    const i = last[0];
    out[i] = evaluateCheckpoint(lab.checkpoints[i], passedAt.get(i)!, lendingFirstFork(ctx), params);
  } else if (last.length > 1) {
    const ready: number[] = [];
    for (const i of last) {
      const skipped = skippedFor(lab.checkpoints[i], passedAt.get(i)!, params);
      if (skipped) out[i] = skipped;
      else ready.push(i);
    }
    const results = evaluateChain(
      ready.map((i) => renderDeep(lab.checkpoints[i].check, params)),
      ctx.sim,
      ctx,
    );
    for (const [k, i] of ready.entries()) out[i] = reportFor(lab.checkpoints[i], results[k], params);
  }
  return out;
}

/** The chain of scenarios (scenarioChain) among checkpoints no other requires, else the lender. */
function lastEvaluated(checkpoints: Checkpoint[], params: Params): number[] {
  const required = new Set(checkpoints.flatMap((cp) => cp.requires ?? []));
  const free = checkpoints.map((cp, i) => ({ cp, i })).filter(({ cp }) => !required.has(cp.id));
  const chain = scenarioChain(
    free.map(({ cp }) => renderDeep(cp.check, params)),
    params,
  );
  if (chain.length > 0) return chain.map((k) => free[k].i);
  const lender = lenderOf(checkpoints);
  return lender >= 0 ? [lender] : [];
}

function evaluateCheckpoint(cp: Checkpoint, passed: Set<string>, ctx: CheckContext, params: Params): CheckpointReport {
  return skippedFor(cp, passed, params) ?? reportFor(cp, evaluateCheck(renderDeep(cp.check, params), ctx), params);
}

/** The report of a checkpoint whose prerequisites did not all pass, if that is the case. */
function skippedFor(cp: Checkpoint, passed: Set<string>, params: Params): CheckpointReport | undefined {
  const missing = (cp.requires ?? []).filter((r) => !passed.has(r));
  if (missing.length === 0) return undefined;
  return {
    id: cp.id,
    title: renderDeep(cp.title, params),
    points: cp.points,
    awarded: 0,
    passed: false,
    skipped: true,
    explanation: `skipped: requires ${missing.map((m) => `"${m}"`).join(", ")}, which did not pass`,
    ...(cp.hint !== undefined ? { hint: renderDeep(cp.hint, params) } : {}),
  };
}

function reportFor(cp: Checkpoint, r: CheckResult, params: Params): CheckpointReport {
  return {
    id: cp.id,
    title: renderDeep(cp.title, params),
    points: cp.points,
    awarded: r.passed ? cp.points : 0,
    passed: r.passed,
    explanation: r.explanation,
    ...(r.passed || cp.hint === undefined ? {} : { hint: renderDeep(cp.hint, params) }),
  };
}

/**
 * Which checkpoint may perturb the graded simulation itself instead of a rebuilt copy, saving
 * a whole rebuild (environment, replay, settle). Checkpoints do not see one another except
 * through `requires`, so one of them can be evaluated after all the others without changing
 * any result: the last scenario or http checkpoint (they fork first, then read only their
 * fork) that no checkpoint requires. Evaluated last, it can have the graded simulation as its
 * fork: nothing reads the final state after it, and the replay is deterministic, so that
 * simulation is in exactly the state a rebuilt fork would be. -1: no checkpoint qualifies.
 *
 *   [resource, scenario, count]                -> 1 (evaluated after the count check)
 *   [resource, scenario A, scenario B]         -> 2 (A still gets a rebuilt fork)
 *   [scenario A, resource requires A]          -> -1
 */
export function lenderOf(checkpoints: Pick<Checkpoint, "id" | "check" | "requires">[]): number {
  const required = new Set(checkpoints.flatMap((cp) => cp.requires ?? []));
  for (let i = checkpoints.length - 1; i >= 0; i--) {
    const { id, check } = checkpoints[i];
    if ((check?.kind === "scenario" || check?.kind === "http") && !required.has(id)) return i;
  }
  return -1;
}

/** ctx whose first fork() is the graded simulation itself; any later fork is rebuilt. */
function lendingFirstFork(ctx: CheckContext): CheckContext {
  let lent = false;
  return {
    ...ctx,
    fork: () => {
      if (lent) return ctx.fork();
      lent = true;
      return ctx.sim;
    },
  };
}

function versionOf(lab: Lab): string {
  return lab.environment.kubernetesVersion ?? "1.33";
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The report as the CLI and the web form show it. */
export function reportText(r: Report): string {
  const lines: string[] = [];
  lines.push(`${r.lab.title} (${r.lab.id}, ${r.lab.version})`);
  if (r.student) lines.push(`student: ${r.student}`);
  if (!r.gradable) {
    lines.push(`not gradable: ${r.reason}${r.line !== undefined ? ` (line ${r.line})` : ""}`);
    lines.push("This submission costs no attempt.");
    return `${lines.join("\n")}\n`;
  }
  lines.push(`score: ${r.score}/${r.maxScore}`);
  lines.push("");
  for (const c of r.checkpoints) {
    const mark = c.skipped ? "SKIP" : c.passed ? "PASS" : "FAIL";
    lines.push(`${mark}  ${c.id}  ${c.awarded}/${c.points}  ${c.title}`);
    if (!c.passed) {
      lines.push(`      ${c.explanation}`);
      if (c.hint) lines.push(`      hint: ${c.hint}`);
    }
  }
  if (r.authenticity.length) {
    lines.push("");
    lines.push("outputs that do not match the replay:");
    for (const a of r.authenticity) lines.push(`  line ${a.line}: ${a.message}`);
  }
  lines.push("");
  lines.push(
    `replayed ${r.replay.commands} commands on Kubernetes ${r.replay.kubernetesVersion} (${r.replay.virtualSeconds}s of virtual time)`,
  );
  return `${lines.join("\n")}\n`;
}
