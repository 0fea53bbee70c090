/**
 * A private PostgreSQL cluster for one test run: its own temporary directory, port and socket
 * directory, on 127.0.0.1 only, with SCRAM password auth, so the production driver is tested
 * against a server configured the way a hosted Postgres is. Nothing outside the temporary
 * directory is touched; the cluster is stopped and deleted on `stop()` and on process exit.
 *
 * `findPostgres()` is also what `npm test` uses to say which tiers it will skip.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type PostgresFound = { bindir: string; runAs?: { uid: number; gid: number } };
export type Skipped = { skipped: string };

export type PostgresServer = {
  /** The test role (LOGIN, CREATEDB, not a superuser, so row-level security applies) on `database`. */
  url: string;
  /** The bootstrap superuser, for what a test role may not do. */
  adminUrl: string;
  database: string;
  port: number;
  stop(): Promise<void>;
};

const TEST_ROLE = "labgrader";
const DIR_PREFIX = "labgrader-pg-";
const INSTALL_HINT = "apt-get install postgresql";

/** Where initdb, pg_ctl and postgres live, or why they cannot be used here. */
export function findPostgres(): PostgresFound | Skipped {
  const bindir = candidateBindirs().find((dir) =>
    ["initdb", "pg_ctl", "postgres"].every((bin) => existsSync(join(dir, bin))),
  );
  if (!bindir) return { skipped: `PostgreSQL is not installed (${INSTALL_HINT})` };
  // initdb and postgres refuse to run as root; as root we run them as the `postgres` OS user
  // that Debian's package creates.
  if (process.getuid?.() !== 0) return { bindir };
  const runAs = osUser("postgres");
  if (!runAs) return { skipped: "running as root and there is no `postgres` OS user to run the server as" };
  return { bindir, runAs };
}

function candidateBindirs(): string[] {
  const dirs: string[] = [];
  try {
    dirs.push(
      execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(),
    );
  } catch {
    // pg_config comes with the client dev package, which a server install may lack.
  }
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => join(debian, v, "bin")));
  }
  return dirs;
}

function osUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a cluster; `{skipped}` when PostgreSQL is not installed. Any other failure throws. */
export async function startPostgres(): Promise<PostgresServer | Skipped> {
  const found = findPostgres();
  if ("skipped" in found) return found;
  removeAbandonedClusters(found);

  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  const data = join(dir, "data");
  const sockets = join(dir, "sockets");
  const log = join(dir, "server.log");
  mkdirSync(sockets);
  const adminPassword = randomBytes(18).toString("hex");
  const rolePassword = randomBytes(18).toString("hex");
  writeFileSync(join(dir, "pwfile"), `${adminPassword}\n`, { mode: 0o600 });
  // The owner's pid lets a later run remove this cluster if this process dies without cleanup.
  writeFileSync(join(dir, "owner.pid"), String(process.pid));
  if (found.runAs) for (const p of [dir, sockets, join(dir, "pwfile")]) chownSync(p, found.runAs.uid, found.runAs.gid);

  const cluster = { found, dir, data };
  const stopNow = () => stopCluster(cluster);
  const onExit = () => stopNow();
  process.once("exit", onExit);
  try {
    run(found, "initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      `--pwfile=${join(dir, "pwfile")}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
      "--no-instructions",
    ]);
    const port = await startServer(found, data, sockets, log);
    const adminUrl = `postgres://postgres:${adminPassword}@127.0.0.1:${port}/postgres`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${TEST_ROLE} LOGIN CREATEDB PASSWORD '${rolePassword}'`);
      await admin.query(`CREATE DATABASE ${TEST_ROLE} OWNER ${TEST_ROLE}`);
    } finally {
      await admin.end();
    }
    let stopped = false;
    return {
      url: `postgres://${TEST_ROLE}:${rolePassword}@127.0.0.1:${port}/${TEST_ROLE}`,
      adminUrl,
      database: TEST_ROLE,
      port,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.off("exit", onExit);
        stopNow();
      },
    };
  } catch (error) {
    process.off("exit", onExit);
    const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-15).join("\n") : "";
    stopNow();
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}${tail ? `\nserver log:\n${tail}` : ""}`);
  }
}

/**
 * Picks a free port and starts the server on it. Another process can take the port between
 * the probe and the bind, so a failed start is retried on a new port.
 */
async function startServer(found: PostgresFound, data: string, sockets: string, log: string): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${sockets}`,
      // Test data is disposable: skip the disk flushes that make commits slow.
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c password_encryption=scram-sha-256",
      // Each test file opens its own pools; the default 100 is tight with two workers.
      "-c max_connections=300",
    ].join(" ");
    try {
      run(found, "pg_ctl", ["start", "-D", data, "-l", log, "-w", "-t", "60", "-o", options]);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(found: PostgresFound, bin: string, args: string[]): void {
  const r = spawnSync(join(found.bindir, bin), args, {
    encoding: "utf8",
    // The server's user must be able to enter the working directory.
    cwd: tmpdir(),
    uid: found.runAs?.uid,
    gid: found.runAs?.gid,
    env: { ...process.env, LC_ALL: "C" },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${bin} exited with ${r.status}: ${(r.stderr || r.stdout).trim()}`);
}

/** Synchronous so it also works from a process "exit" handler. */
function stopCluster(cluster: { found: PostgresFound; dir: string; data: string }): void {
  if (existsSync(join(cluster.data, "postmaster.pid"))) {
    try {
      // Immediate: the data is thrown away, so there is nothing to checkpoint.
      run(cluster.found, "pg_ctl", ["stop", "-D", cluster.data, "-m", "immediate", "-w", "-t", "30"]);
    } catch {
      // Already gone; removing the directory is all that is left.
    }
  }
  rmSync(cluster.dir, { recursive: true, force: true });
}

/** Clusters whose owning process no longer exists (killed with SIGKILL, say): stop and delete. */
function removeAbandonedClusters(found: PostgresFound): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, "owner.pid"), "utf8"));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || processExists(owner)) continue;
    stopCluster({ found, dir, data: join(dir, "data") });
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh database owned by the role in `url`, copied from `template` (a migrated database
 * nobody is connected to) when given. Copying takes tens of milliseconds where migrating takes
 * seconds, so each test file can have its own database.
 */
export async function createDatabase(
  url: string,
  options: { template?: string; name?: string } = {},
): Promise<{ url: string; database: string; drop(): Promise<void> }> {
  const name = options.name ?? `t_${randomBytes(6).toString("hex")}`;
  const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `CREATE DATABASE ${ident(name)}${options.template ? ` TEMPLATE ${ident(options.template)}` : ""}`,
    );
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(url, name),
    database: name,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        // FORCE: a pool a test forgot to close must not keep the database alive. A backend of
        // another role on it (an autovacuum worker, say) is not the test role's to terminate
        // (42501): it is brief, so the drop is tried again for a few seconds.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
            break;
          } catch (e) {
            if ((e as { code?: string }).code !== "42501" || attempt >= 50) throw e;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}
