/**
 * What the student pages show, as plain data the routes assemble from the database: the
 * pages are pure functions of these (and of `now`, passed in like every other input), so a
 * test renders any state without a server.
 */
import type { Report } from "../grading/types.ts";

/** Where a submission is: stored and waiting, graded, refused as ungradable, or failed and kept for a retry. */
export type SubmissionStatus = "graded" | "ungradable" | "failed" | "pending";

export interface AttemptView {
  id: string;
  at: Date;
  score?: number;
  maxScore?: number;
  status: SubmissionStatus;
  /** The report page of this submission. */
  href?: string;
}

/** What the student typed last time, to refill the form after an error (browsers never refill file inputs). */
export interface SubmissionFormValues {
  manifests?: string;
  transcript?: string;
}

export interface AssignmentView {
  /** The assignment as the course names it (the page's `<h1>`). */
  title: string;
  labTitle: string;
  /** The lab's instructions, Markdown, with the student's parameters already filled in. */
  instructions: string;
  /** The time the availability below is judged at (the request's clock). */
  now: Date;
  opensAt?: Date;
  dueAt?: Date;
  /** Attempts that count against the limit (ungradable submissions cost none). */
  attemptsUsed: number;
  attemptLimit?: number;
  /** After an attempt, the next is accepted from this time (against guessing by brute force). */
  cooldownUntil?: Date;
  best?: { score: number; maxScore: number };
  /** Newest first. */
  history: AttemptView[];
  /** Where the form posts (`multipart/form-data`). */
  formAction: string;
  csrfToken: string;
  /** Why the last post was refused (bad uploads, too large, ...), shown at the top. */
  errors?: string[];
  values?: SubmissionFormValues;
}

export interface ReportView {
  assignmentTitle: string;
  submittedAt: Date;
  status: SubmissionStatus;
  report?: Report;
  /** The assignment page (form, history, progress). */
  backUrl: string;
}

export interface ErrorView {
  status: number;
  /** A short title: `Page not found`, `This link has expired`. */
  title: string;
  /** What happened and what the student can do, in a sentence or two. */
  detail?: string;
  /** Quoted to support staff to find the request in the logs. */
  requestId?: string;
  backUrl?: string;
}
