/**
 * A grading thread (see grading-pool.ts): grades what the main thread sends, one at a time,
 * with the labs it was sent, by version.
 */
import { parentPort } from "node:worker_threads";
import { grade } from "../grading/grade.ts";
import type { Lab, Report, Submission } from "../grading/types.ts";

export interface GradeRequest {
  id: number;
  version: string;
  /** Sent when the thread may not hold this version yet. */
  lab?: Lab;
  payload: Submission;
  student: string;
}

export type GradeReply = { id: number; report: Report } | { id: number; error: string } | { id: number; needLab: true };

/** Lab versions a thread keeps (a lab's version is its content hash); an evicted one is sent again. */
const THREAD_LABS = 64;
const labs = new Map<string, Lab>();

function remember(lab: Lab) {
  labs.delete(lab.version);
  labs.set(lab.version, lab);
  if (labs.size > THREAD_LABS) labs.delete(labs.keys().next().value as string);
}

parentPort?.on("message", (m: GradeRequest) => {
  if (m.lab) remember(m.lab);
  const lab = labs.get(m.version);
  let reply: GradeReply;
  if (!lab) reply = { id: m.id, needLab: true };
  else {
    try {
      reply = { id: m.id, report: grade(lab, m.payload, { student: m.student }).report };
    } catch (e) {
      reply = { id: m.id, error: (e as Error).message };
    }
  }
  parentPort?.postMessage(reply);
});
