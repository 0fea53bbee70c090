/**
 * PGlite as drizzle's client, without the costs that dominate a small query on the embedded
 * database:
 *
 * - Planning. PGlite runs every query as an unnamed statement: parsed, planned and described
 *   anew each time, which costs several times what executing an indexed lookup does. Here the
 *   statements an application repeats (select, insert, update, delete, with) are prepared once
 *   under a name, with their parameter types and row description kept, and later runs send one
 *   batch: bind, execute, sync. Postgres keeps or re-plans the statement's plan as it would for
 *   any prepared statement (a schema change invalidates it).
 * - Round trips. A transaction's BEGIN goes in the same batch as its first statement, and its
 *   COMMIT alone; one that runs no statement sends neither.
 * - Parser merging. drizzle's PGlite driver passes its own result parsers with each query
 *   (timestamps, dates and intervals kept as text, for its column types to read), and PGlite
 *   copies them into its ~300 default parsers per query. Here the database is opened with those
 *   parsers as its own, and a query whose options name exactly those types runs without them.
 *
 * The rows, the errors (the server's, with the query and parameters attached, as PGlite
 * attaches them) and the locking are PGlite's own: a transaction holds PGlite's transaction and
 * query locks, and a query outside one waits for any transaction in progress.
 */
import { PGlite, parse, protocol, type QueryOptions, type Results, types } from "@electric-sql/pglite";

/** The types drizzle-orm's PGlite driver reads as text (its `drizzle-orm/pglite/session.js`). */
export const DRIZZLE_TEXT_TYPES: readonly number[] = [
  types.TIMESTAMP,
  types.TIMESTAMPTZ,
  types.INTERVAL,
  types.DATE,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
];

const asText = (value: string) => value;

/** The options without drizzle's parsers when the database already parses those types the same way. */
export function withoutDrizzleParsers(options: QueryOptions | undefined): QueryOptions | undefined {
  const parsers = options?.parsers;
  if (!parsers) return options;
  const named = Object.keys(parsers);
  if (named.length !== DRIZZLE_TEXT_TYPES.length || !DRIZZLE_TEXT_TYPES.every((t) => Object.hasOwn(parsers, t))) {
    return options;
  }
  const { parsers: _, ...rest } = options;
  return rest;
}

/** What drizzle's PGlite session calls on its client, and on a transaction's. */
export interface LeanTransaction {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

export interface DrizzlePGliteClient {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  transaction<T>(fn: (tx: LeanTransaction) => Promise<T>): Promise<T>;
}

export interface LeanPGlite {
  /** The database (close it here). */
  pglite: PGlite;
  /** What to hand drizzle. */
  client: DrizzlePGliteClient;
  /** Statements prepared so far (for tests). */
  prepared(): number;
}

type Message = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number];

interface Prepared {
  name: string;
  paramTypes: number[];
  /** The statement's RowDescription, absent for a statement that returns no rows. */
  rowDescription?: Message;
}

/** Statements worth preparing: the application's queries, not DDL or transaction control. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
/** Distinct statements kept prepared; the least recently used is closed past this. */
const MAX_PREPARED = 256;

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** The messages after the first ReadyForQuery: the answer to what followed a batched BEGIN. */
function afterFirstReady(messages: Message[]): Message[] {
  const i = messages.findIndex((m) => m.name === "readyForQuery");
  return messages.slice(i + 1);
}

export function openLeanPGlite(dataDir?: string): LeanPGlite {
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    parsers: Object.fromEntries(DRIZZLE_TEXT_TYPES.map((t) => [t, asText])),
  });
  const { serialize } = protocol;
  /** By SQL text; a Map iterates in insertion order, so re-inserting on use keeps it LRU. */
  const statements = new Map<string, Prepared>();
  /** Statements to close with the next one prepared (evicted, or no longer valid). */
  const closing = new Set<string>();
  let next = 0;

  /**
   * One exchange with the backend, `begin` (a transaction's BEGIN, owed until its first
   * statement) first; the answer is what follows it. The caller holds the query lock.
   */
  async function exchange(parts: Uint8Array[], begin: Uint8Array | undefined): Promise<Message[]> {
    const messages = await pglite.execProtocolStream(concat(begin ? [begin, ...parts] : parts), { syncToFs: false });
    return begin ? afterFirstReady(messages) : messages;
  }

  function serializeParams(params: unknown[], types: number[], options: QueryOptions | undefined) {
    return params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = options?.serializers?.[types[i]] ?? pglite.serializers[types[i]];
      return serializer ? serializer(value) : String(value);
    });
  }

  /** The server's error, described as PGlite describes its own. */
  function described(e: unknown, sql: string, params: unknown[], options: QueryOptions | undefined): unknown {
    if (e && typeof e === "object" && "severity" in e) Object.assign(e, { query: sql, params, queryOptions: options });
    return e;
  }

  /** Runs a statement prepared under a name (preparing it the first time). */
  async function runPrepared(
    sql: string,
    params: unknown[],
    options: QueryOptions | undefined,
    begin?: Uint8Array,
  ): Promise<Results> {
    let stmt = statements.get(sql);
    let owed = begin;
    try {
      if (stmt) {
        statements.delete(sql);
      } else {
        const name = `lg_${next++}`;
        const close = [...closing].map((n) => serialize.close({ type: "S", name: n }));
        closing.clear();
        const answer = await exchange(
          [...close, serialize.parse({ name, text: sql }), serialize.describe({ type: "S", name }), serialize.sync()],
          owed,
        );
        owed = undefined;
        stmt = {
          name,
          paramTypes: parse.parseDescribeStatementResults(answer),
          rowDescription: answer.find((m) => m.name === "rowDescription"),
        };
      }
      const values = serializeParams(params, stmt.paramTypes, options);
      const answer = await exchange(
        [serialize.bind({ statement: stmt.name, values }), serialize.execute({}), serialize.sync()],
        owed,
      );
      keep(sql, stmt);
      return parse.parseResults(
        stmt.rowDescription ? [stmt.rowDescription, ...answer] : answer,
        pglite.parsers,
        options,
      )[0];
    } catch (e) {
      if (stmt) {
        // A statement whose result type changed under it (a migration) is prepared again;
        // any other failure (a unique violation, say) is the data's, and the statement stays.
        if ((e as { code?: unknown }).code === "0A000") closing.add(stmt.name);
        else keep(sql, stmt);
      }
      throw described(e, sql, params, options);
    }
  }

  /** Runs a statement unnamed, as PGlite's own query does (parsed and planned each time). */
  async function runUnnamed(
    sql: string,
    params: unknown[],
    options: QueryOptions | undefined,
    begin?: Uint8Array,
  ): Promise<Results> {
    try {
      const describedStatement = await exchange(
        [
          serialize.parse({ text: sql, types: options?.paramTypes }),
          serialize.describe({ type: "S" }),
          serialize.sync(),
        ],
        begin,
      );
      const values = serializeParams(params, parse.parseDescribeStatementResults(describedStatement), options);
      const answer = await exchange(
        [serialize.bind({ values }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()],
        undefined,
      );
      return parse.parseResults(answer, pglite.parsers, options)[0];
    } catch (e) {
      throw described(e, sql, params, options);
    }
  }

  /** Keeps a statement as the most recently used; the least recently used is closed past the limit. */
  function keep(sql: string, stmt: Prepared) {
    statements.set(sql, stmt);
    if (statements.size > MAX_PREPARED) {
      const [oldest, old] = statements.entries().next().value as [string, Prepared];
      statements.delete(oldest);
      closing.add(old.name);
    }
  }

  const preparable = (sql: string, options: QueryOptions | undefined) =>
    PREPARABLE.test(sql) && !options?.blob && !options?.paramTypes && !options?.onNotice;

  /**
   * A transaction: BEGIN is sent with its first statement, COMMIT (or ROLLBACK) alone, and its
   * statements run one at a time, in the order they were asked for. It holds PGlite's
   * transaction lock (no query outside it runs meanwhile) and its query lock.
   */
  async function transaction<T>(fn: (tx: LeanTransaction) => Promise<T>): Promise<T> {
    await pglite._checkReady();
    return pglite._runExclusiveTransaction(() =>
      pglite._runExclusiveQuery(async () => {
        let begun = false;
        let closed = false;
        let queue: Promise<unknown> = Promise.resolve();
        /** Runs `step` after the statements before it, with BEGIN owed to the first. */
        const inOrder = <R>(step: (begin: Uint8Array | undefined) => Promise<R>): Promise<R> => {
          const run = queue.then(() => {
            if (closed) throw new Error("Transaction is closed");
            const begin = begun ? undefined : serialize.query("BEGIN");
            begun = true;
            return step(begin);
          });
          queue = run.catch(() => {});
          return run;
        };
        const end = async (command: "COMMIT" | "ROLLBACK") => {
          closed = true;
          tx.closed = true;
          if (!begun || !pglite.isInTransaction()) return;
          const [done] = parse.parseResults(
            await pglite.execProtocolStream(serialize.query(command), { syncToFs: false }),
            pglite.parsers,
          );
          if (command === "COMMIT" && done?.command === "ROLLBACK") {
            throw new Error("the transaction was aborted by an earlier error and rolled back");
          }
        };
        // A plain field kept in step with `closed`, not a getter: an object literal's getter gives
        // each transaction a hidden class of its own, in the old generation, which kept every
        // transaction's closures (and what they held) alive until the next full collection.
        const tx: { -readonly [K in keyof LeanTransaction]: LeanTransaction[K] } = {
          closed: false,
          query: <R>(sql: string, params: unknown[] = [], options?: QueryOptions) => {
            const o = withoutDrizzleParsers(options);
            return inOrder((begin) =>
              preparable(sql, o) ? runPrepared(sql, params, o, begin) : runUnnamed(sql, params, o, begin),
            ) as Promise<Results<R>>;
          },
          exec: (sql: string, options?: QueryOptions) =>
            inOrder(async (begin) => {
              try {
                return parse.parseResults(
                  await exchange([serialize.query(sql)], begin),
                  pglite.parsers,
                  withoutDrizzleParsers(options),
                );
              } catch (e) {
                throw described(e, sql, [], options);
              }
            }),
          rollback: () => inOrder(async () => end("ROLLBACK")),
        };
        try {
          const result = await fn(tx);
          await queue;
          if (!closed) await end("COMMIT");
          return result;
        } catch (e) {
          await queue;
          if (!closed) await end("ROLLBACK");
          throw e;
        }
      }),
    );
  }

  return {
    pglite,
    prepared: () => statements.size,
    client: {
      query: async <T>(sql: string, params: unknown[] = [], options?: QueryOptions) => {
        const o = withoutDrizzleParsers(options);
        if (!preparable(sql, o)) return pglite.query<T>(sql, params, o);
        await pglite._checkReady();
        const result = await pglite._runExclusiveTransaction(() =>
          pglite._runExclusiveQuery(() => runPrepared(sql, params, o)),
        );
        await pglite.syncToFs();
        return result as Results<T>;
      },
      exec: (sql, options) => pglite.exec(sql, withoutDrizzleParsers(options)),
      transaction,
    },
  };
}
