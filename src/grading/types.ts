/**
 * The grading vocabulary: labs (data written once by an instructor), submissions (what a
 * student has), the replay record, checkpoint checks, and the report. Everything here is
 * plain data so labs round-trip through YAML and reports through JSON, byte-stable.
 */
import type { NodeSpec } from "../sim/k8s/bootstrap/index.ts";

// ---------------------------------------------------------------------------------------------
// Labs

export interface Lab {
  id: string;
  title: string;
  /** Content hash of lab.yaml and its files (`sha256:` + 16 hex): a report names the exact lab graded. */
  version: string;
  /** Markdown shown to students; `{{name}}` placeholders take per-student parameter values. */
  instructions: string;
  environment: LabEnvironment;
  parameters: Record<string, ParameterSpec>;
  checkpoints: Checkpoint[];
  solutions: LabSolutions;
  /** Files of the lab folder referenced by the lab (manifests, solutions), by relative path. */
  files: Record<string, string>;
}

export interface LabEnvironment {
  kubernetesVersion?: string;
  /** Seed of the simulation (names, IPs); a submission's grade never depends on the student's own seed. */
  seed?: number;
  /** Nodes; default: the kubeadm cluster of DESIGN.md. */
  nodes?: NodeSpec[];
  /** Manifests applied before the student starts (paths into `files`, or inline YAML). */
  objects?: string[];
  /** Files placed in the student's working directory: name -> content or a lab file path (`@path`). */
  files?: Record<string, string>;
  /** Commands run (unrecorded) before the student's, e.g. `kubectl label node k8s-w1 disktype=ssd`. */
  setup?: string[];
}

/** Per-student values: derived from the student id so a copied answer fails. */
export type ParameterSpec =
  | { choose: (string | number)[] }
  | { range: [number, number] }
  /** A pattern with `{hex:N}` / `{alpha:N}` / `{digits:N}` holes, e.g. `web-{alpha:4}`. */
  | { pattern: string };

export interface Checkpoint {
  id: string;
  title: string;
  points: number;
  hint?: string;
  /** Checkpoints that must pass first; otherwise this one is skipped with that reason. */
  requires?: string[];
  check: Check;
}

export interface LabSolutions {
  reference: Solution;
  wrong: WrongSolution[];
}

export interface Solution {
  /** A transcript (any supported style) and/or manifests (file name -> content or `@path`). */
  transcript?: string;
  manifests?: Record<string, string>;
  /** The student id the solution is written for (parameters are derived from it). */
  student?: string;
}

export interface WrongSolution extends Solution {
  name: string;
  /** Exactly the checkpoints this solution must fail (all others must pass). */
  fails: string[];
}

// ---------------------------------------------------------------------------------------------
// Checks

/** `spec.template.spec.containers[0].image`, `metadata.labels.app`, `status.conditions[type=Ready].status`. */
export type FieldPath = string;

export interface FieldMatcher {
  path: FieldPath;
  equals?: string | number | boolean | null;
  contains?: string;
  matches?: string;
  exists?: boolean;
  in?: (string | number | boolean)[];
  /** Numeric bounds; a string is a quantity (`lt: 2Gi`, `gte: 250m`), compared as a quantity. */
  gt?: number | string;
  gte?: number | string;
  lt?: number | string;
  lte?: number | string;
}

/** A resource reference as kubectl takes it: `deployment`, `deploy`, `pods`, `ingresses.networking.k8s.io`. */
export interface ResourceRef {
  resource: string;
  name?: string;
  namespace?: string;
}

export type Check =
  | ({ kind: "resource"; exists?: boolean; fields?: FieldMatcher[] } & ResourceRef)
  | {
      kind: "count";
      resource: string;
      namespace?: string;
      selector?: string;
      fieldSelector?: string;
      where?: FieldMatcher[];
      /** Only objects with this condition (`Ready=True`), e.g. pods that are Ready. */
      condition?: string;
      /** A number, or a `{{parameter}}` that renders to one. */
      equals?: number | string;
      min?: number | string;
      max?: number | string;
    }
  | {
      kind: "rbac";
      /** `user:jane`, `group:devs`, `serviceaccount:default:reader` */
      subject: string;
      verb: string;
      resource: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      allowed?: boolean;
    }
  | {
      kind: "http";
      /** A URL as curl takes it, from a node (default: the control plane) or from inside a pod. */
      url: string;
      from?: { node?: string; pod?: string; namespace?: string };
      status?: number;
      bodyContains?: string;
      /** The pod (name prefix) or Service expected to have answered. */
      backend?: string;
    }
  | { kind: "docker"; host?: string; [field: string]: unknown }
  | {
      kind: "command";
      /** A regular expression over a command line the student ran (after parsing the transcript). */
      pattern: string;
      /** How many times at least (default 1). */
      min?: number;
      /** How many times at most (`max: 0`: the command must not have been used). */
      max?: number;
    }
  | { kind: "output"; command?: string; contains?: string; matches?: string }
  | {
      kind: "event";
      /** What happened during the replay. */
      happened:
        | "pod-evicted"
        | "pod-recreated"
        | "rollout-started"
        | "rollout-finished"
        | "object-created"
        | "object-deleted"
        | "event";
      resource?: string;
      name?: string;
      namespace?: string;
      /** For `event`: the Kubernetes event reason (e.g. FailedScheduling, Killing). */
      reason?: string;
      /** How many times at least (default 1). */
      min?: number;
      /** How many times at most (`max: 0`: it must not have happened). */
      max?: number;
    }
  | { kind: "scenario"; steps: ScenarioStep[]; then: Check }
  | { kind: "all"; checks: Check[] }
  | { kind: "any"; checks: Check[] }
  | { kind: "not"; check: Check };

export type ScenarioStep =
  | { do: "delete-pods"; selector?: string; namespace?: string; name?: string }
  | { do: "cordon"; node: string }
  | { do: "drain"; node: string }
  | { do: "node-not-ready"; node: string }
  | { do: "node-unreachable"; node: string }
  | { do: "scale"; resource: string; name: string; namespace?: string; replicas: number | string }
  | { do: "advance"; seconds: number }
  | { do: "run"; command: string };

export interface CheckResult {
  passed: boolean;
  /** Why, in a Kubernetes user's words: what was found against what was expected. */
  explanation: string;
}

// ---------------------------------------------------------------------------------------------
// Submissions and replay

export type Submission =
  | { kind: "manifests"; files: SubmittedFile[] }
  | { kind: "transcript"; text: string; files?: SubmittedFile[] };

export interface SubmittedFile {
  name: string;
  content: string;
}

/** One command of a transcript, as parsed. */
export interface TranscriptCommand {
  /** 1-based line in the submitted text where the command starts. */
  line: number;
  /** The command line (heredoc bodies and `\` continuations included). */
  command: string;
  /** The host the prompt named (`k8s-m` for `root@k8s-m:~#`), if any: the replay switches to it. */
  host?: string;
  /** The user the prompt named (`root` for `root@k8s-m:~#`), if any. */
  user?: string;
  /** The working directory the prompt showed, if any. */
  cwd?: string;
  /** Virtual seconds since the start (asciinema, `#<epoch>` history lines), if recorded. */
  at?: number;
  /** The output pasted after the command, if the transcript carries outputs. */
  output?: string;
}

export type ParsedTranscript =
  | { ok: true; style: TranscriptStyle; commands: TranscriptCommand[] }
  | { ok: false; reason: string; line?: number };

export type TranscriptStyle = "commands" | "bash-history" | "terminal" | "asciinema";

/** What one replayed command did. */
export interface ReplayStep {
  line?: number;
  command: string;
  host: string;
  /** Virtual time at the start of the command, seconds since the replay began. */
  at: number;
  stdout: string;
  stderr: string;
  exitCode: number;
  effects: Effect[];
}

export type Effect =
  | { type: "created" | "changed" | "deleted"; resource: string; namespace?: string; name: string }
  | { type: "pod-evicted" | "pod-recreated"; namespace: string; name: string; owner?: string }
  | { type: "rollout-started" | "rollout-finished"; namespace: string; name: string; revision?: string }
  | { type: "event"; namespace: string; reason: string; involved: string; message: string };

// ---------------------------------------------------------------------------------------------
// Reports

export interface CheckpointReport {
  id: string;
  title: string;
  points: number;
  awarded: number;
  passed: boolean;
  skipped?: boolean;
  explanation: string;
  hint?: string;
}

export interface AuthenticityFinding {
  line: number;
  command: string;
  message: string;
}

export interface Report {
  lab: { id: string; version: string; title: string };
  student?: string;
  gradable: boolean;
  /** Why a submission could not be graded (it then costs no attempt). */
  reason?: string;
  line?: number;
  score: number;
  maxScore: number;
  checkpoints: CheckpointReport[];
  authenticity: AuthenticityFinding[];
  replay: { commands: number; virtualSeconds: number; kubernetesVersion: string };
  grader: { version: string };
}
