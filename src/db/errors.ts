/**
 * The unique index an insert collided with (Postgres error 23505), whichever driver reported it:
 * PGlite, pg and Neon raise the server's error, which drizzle wraps as the `cause`.
 */
export function uniqueViolation(e: unknown): string | undefined {
  let x = e;
  for (let depth = 0; x && depth < 4; depth++) {
    const o = x as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (o.code === "23505") return typeof o.constraint === "string" ? o.constraint : "";
    x = o.cause;
  }
  return undefined;
}
