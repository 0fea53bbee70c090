/**
 * Statements of the request path, built once. drizzle builds a query's SQL text, its parameters
 * and its result mapping anew at every call, and on the embedded database that costs about as
 * much as running an indexed statement does. A statement here is written with drizzle's query
 * builder as usual, its values as `sql.placeholder`s; the builder runs on first use (once per
 * database driver), and every call runs what it built in the caller's transaction, with the
 * values of the moment.
 */
import type { Tx } from "./types.ts";

/** What drizzle's builders return from `prepare`: a query that runs with placeholder values. */
interface Prepared<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

interface Preparable<R> {
  prepare(name: string): Prepared<R>;
}

/** A drizzle session, as every driver's keeps it: the connection (or transaction) it runs on. */
interface Session {
  client: unknown;
}

/**
 * `build` makes the statement in some transaction; the result runs it in any transaction `tx`
 * with `values` for its placeholders. The statement is prepared without a name, so the drivers
 * that would keep a named one on the server (node-postgres, Neon) run it as they run any query.
 */
export function statement<V extends Record<string, unknown>, R>(
  build: (tx: Tx) => Preparable<R>,
): (tx: Tx, values: V) => Promise<R> {
  /** By the session's class: a driver's prepared query runs on that driver's connections only. */
  const built = new Map<object, Prepared<R>>();
  return (tx, values) => {
    const session = tx._.session as unknown as Session;
    const driver = Object.getPrototypeOf(session) as object;
    let query = built.get(driver);
    if (!query) {
      query = build(tx).prepare("");
      built.set(driver, query);
    }
    // The prepared query reads the connection from its `client`; the rest (SQL text, parameter
    // encoders, result mapping) is shared.
    const bound = Object.create(query, { client: { value: session.client } }) as Prepared<R>;
    return bound.execute(values);
  };
}
