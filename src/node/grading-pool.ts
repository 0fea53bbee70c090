/**
 * Grading on worker threads, for the Node server: the embedded database does its work on the
 * main thread, so a grading run there waits for it and makes it wait. A thread of its own grades
 * while the main thread stores the next submission, on another core.
 *
 * A thread runs the same `grade()` on the same lab and submission (the lab is sent once per
 * thread, by version, and kept there), so the report is the one grading in-process gives. A
 * grading that throws comes back as that error's message; a thread that stops fails the
 * gradings it held and is replaced by the next grading.
 */
import { Worker } from "node:worker_threads";
import type { Lab, Report, Submission } from "../grading/types.ts";
import type { Grader } from "../service/grading.ts";
import type { GradeReply, GradeRequest } from "./grading-worker.ts";

export interface GradingPool {
  grade: Grader;
  close(): Promise<void>;
}

interface Pending {
  lab: Lab;
  payload: Submission;
  student: string;
  resolve(report: Report): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

export function gradingPool(size: number): GradingPool {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a grading pool needs at least one thread, not ${size}`);
  const threads: (Thread | undefined)[] = new Array(size).fill(undefined);
  let next = 0;
  let closed = false;

  function start(slot: number): Thread {
    const worker = new Worker(new URL("./grading-thread.mjs", import.meta.url), { execArgv: [] });
    const thread: Thread = { worker, pending: new Map() };
    worker.on("message", (reply: GradeReply) => {
      const p = thread.pending.get(reply.id);
      if (!p) return;
      if ("needLab" in reply) {
        // The thread no longer holds this version (or never did): send the lab with it.
        send(thread, reply.id, p, true);
        return;
      }
      thread.pending.delete(reply.id);
      if ("report" in reply) p.resolve(reply.report);
      else p.reject(new Error(reply.error));
    });
    const fail = (why: string) => {
      if (threads[slot] === thread) threads[slot] = undefined;
      for (const p of thread.pending.values()) p.reject(new Error(why));
      thread.pending.clear();
    };
    worker.on("error", (e) => fail(`the grading thread failed: ${e.message}`));
    worker.on("exit", (code) => fail(`the grading thread stopped (exit code ${code})`));
    threads[slot] = thread;
    return thread;
  }

  function send(thread: Thread, id: number, p: Pending, withLab: boolean) {
    const message: GradeRequest = {
      id,
      version: p.lab.version,
      payload: p.payload,
      student: p.student,
      ...(withLab ? { lab: p.lab } : {}),
    };
    try {
      thread.worker.postMessage(message);
    } catch (e) {
      // What cannot be copied to a thread (it never is, for a loaded lab) fails this grading only.
      thread.pending.delete(id);
      p.reject(e as Error);
    }
  }

  /** The thread with the fewest gradings in hand (started on first use). */
  function pick(): Thread {
    let best: Thread | undefined;
    for (let slot = 0; slot < size; slot++) {
      const t = threads[slot] ?? start(slot);
      if (!best || t.pending.size < best.pending.size) best = t;
    }
    return best!;
  }

  return {
    grade(lab, payload, student) {
      if (closed) return Promise.reject(new Error("the grading pool is closed"));
      return new Promise<Report>((resolve, reject) => {
        const thread = pick();
        const id = next++;
        const p: Pending = { lab, payload, student, resolve, reject };
        thread.pending.set(id, p);
        send(thread, id, p, false);
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((t) => t?.worker.terminate()));
    },
  };
}
