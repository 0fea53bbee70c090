/** Starts an outbox sweep in the background right after a grading enqueued a passback. */
import type { Deps } from "../api/context.ts";
import { sweepOutbox } from "../lms/outbox.ts";

export function kickOutbox(deps: Deps): void {
  const handle = deps.openDb();
  deps.waitUntil(
    sweepOutbox(handle.db, deps)
      .catch((e) => deps.log({ level: "error", msg: "outbox sweep failed", error: String(e) }))
      .finally(() => handle.release()),
  );
}
