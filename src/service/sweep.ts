/**
 * The periodic sweep (Node timer, Worker cron): grade what was left ungraded, deliver grades,
 * and forget the nonces of LTI launches whose id_tokens have expired.
 */
import { forgetExpiredNonces } from "../db/repos/lms.ts";
import { withSystem } from "../db/tenant.ts";
import type { Db } from "../db/types.ts";
import type { FetchLike } from "../lms/lti-ags.ts";
import { sweepOutbox } from "../lms/outbox.ts";
import type { Grader } from "./grading.ts";
import { gradeStaleSubmissions } from "./recover.ts";

export async function periodicSweep(
  db: Db,
  deps: { now(): Date; fetch: FetchLike; log(e: Record<string, unknown>): void; grade?: Grader },
): Promise<{ regraded: number; delivered: number; pending: number; dead: number }> {
  const stale = await gradeStaleSubmissions(db, deps);
  const outbox = await sweepOutbox(db, deps);
  await withSystem(db, (tx) => forgetExpiredNonces(tx, deps.now()));
  return { regraded: stale.regraded, ...outbox };
}
