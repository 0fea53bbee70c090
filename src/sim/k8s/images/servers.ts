/**
 * What the server images print and how they answer HTTP. Lines are the images' own:
 *
 * nginx 1.19+ (docker-entrypoint.sh on stdout, then the error log at `notice` on stderr; the
 * `15-local-resolvers.envsh` step exists since 1.25; images before 1.19 print nothing):
 *   /docker-entrypoint.sh: Configuration complete; ready for start up
 *   2026/01/05 09:01:02 [notice] 1#1: nginx/1.27.5
 * access log (combined format plus X-Forwarded-For) on stdout:
 *   10.244.1.1 - - [05/Jan/2026:09:01:02 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.88.1" "-"
 * httpd: AH00558 twice (no ServerName), AH00489, AH00094; "It works!" (45 bytes).
 */
import type { ServerKind } from "./catalogue.ts";

export interface ServerContext {
  version?: string;
  hostname: string;
  ip: string;
  kernel: string;
  /** Worker processes nginx starts: one per CPU of the node. */
  cpus: number;
}

export interface TimedLine {
  stream: "stdout" | "stderr";
  text: string;
  /** Milliseconds after the container started (or after the stop signal). */
  offsetMs: number;
}

export interface HttpRequest {
  method: string;
  path: string;
  clientIP: string;
  userAgent: string;
  at: number;
}

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string;
  /** For a file served from the document root: when it was last written (virtual ms). */
  modified?: number;
}

/** A file in a container's document root, as the server reads it. */
export interface DocRootFile {
  content: string;
  mtime: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** `2026/01/05 09:01:02`, nginx's error-log time. */
export function nginxErrorTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** `05/Jan/2026:09:01:02 +0000`, the access log's $time_local. */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

function apacheTime(ms: number): string {
  const d = new Date(ms);
  const micros = String((ms % 1000) * 1000 + 123).padStart(6, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${micros} ${d.getUTCFullYear()}`;
}

function redisTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(ms % 1000).padStart(3, "0")}`;
}

const versionAtLeast = (v: string | undefined, major: number, minor: number): boolean => {
  const m = /^(\d+)\.(\d+)/.exec(v ?? "");
  if (!m) return true;
  return Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor);
};

/** The gcc line of `nginx -V`: trixie-based images since 1.29.1, bookworm before. */
function nginxBuiltBy(v: string | undefined): string {
  if (versionAtLeast(v, 1, 29)) return "built by gcc 14.2.0 (Debian 14.2.0-19) ";
  if (versionAtLeast(v, 1, 25)) return "built by gcc 12.2.0 (Debian 12.2.0-14) ";
  if (versionAtLeast(v, 1, 23)) return "built by gcc 10.2.1 20210110 (Debian 10.2.1-6) ";
  return "built by gcc 8.3.0 (Debian 8.3.0-6) ";
}

export function startupLines(
  kind: ServerKind,
  ctx: ServerContext,
  startedAt: number,
  env: Record<string, string>,
): TimedLine[] {
  const out = (text: string, offsetMs = 0): TimedLine => ({ stream: "stdout", text, offsetMs });
  const err = (text: string, offsetMs = 0): TimedLine => ({ stream: "stderr", text, offsetMs });
  switch (kind) {
    case "nginx": {
      if (!versionAtLeast(ctx.version, 1, 19)) return [];
      const lines: TimedLine[] = [
        out("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"),
        out("/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"),
        out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"),
        out("10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf"),
        out("10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"),
      ];
      if (versionAtLeast(ctx.version, 1, 25)) {
        lines.push(out("/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"));
      }
      lines.push(
        out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"),
        out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"),
        out("/docker-entrypoint.sh: Configuration complete; ready for start up"),
      );
      const t = nginxErrorTime(startedAt + 40);
      const n = (s: string) => err(`${t} [notice] 1#1: ${s}`, 40);
      lines.push(
        n('using the "epoll" event method'),
        n(`nginx/${ctx.version ?? "1.29.3"}`),
        n(nginxBuiltBy(ctx.version)),
        n(`OS: Linux ${ctx.kernel}`),
        n("getrlimit(RLIMIT_NOFILE): 1048576:1048576"),
        n("start worker processes"),
      );
      for (let i = 0; i < ctx.cpus; i++) lines.push(n(`start worker process ${29 + i}`));
      return lines;
    }
    case "httpd":
    case "echo-hostname": {
      const ah00558 = `AH00558: ${kind === "httpd" ? "httpd" : "apache2"}: Could not reliably determine the server's fully qualified domain name, using ${ctx.ip}. Set the 'ServerName' directive globally to suppress this message`;
      if (kind === "echo-hostname") return [err(ah00558)];
      const t = apacheTime(startedAt + 20);
      return [
        err(ah00558),
        err(ah00558),
        err(
          `[${t}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${ctx.version ?? "2.4.65"} (Unix) configured -- resuming normal operations`,
          20,
        ),
        err(`[${t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`, 20),
      ];
    }
    case "redis": {
      const t0 = redisTime(startedAt + 3);
      const t1 = redisTime(startedAt + 5);
      return [
        out(`1:C ${t0} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`, 3),
        out(
          `1:C ${t0} * Redis version=${ctx.version ?? "8.2.3"}, bits=64, commit=00000000, modified=1, pid=1, just started`,
          3,
        ),
        out(
          `1:C ${t0} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
          3,
        ),
        out(`1:M ${t1} * monotonic clock: POSIX clock_gettime`, 5),
        out(`1:M ${t1} * Running mode=standalone, port=6379.`, 5),
        out(`1:M ${t1} * Server initialized`, 5),
        out(`1:M ${t1} * Ready to accept connections tcp`, 5),
      ];
    }
    case "mysql": {
      const t = mysqlTime(startedAt);
      const v = ctx.version ?? "9.5.0-1.el9";
      const head = [
        out(`${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.`),
        out(`${t} [Note] [Entrypoint]: Switching to dedicated user 'mysql'`),
        out(`${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.`),
      ];
      if (!mysqlHasPassword(env)) {
        return [
          ...head,
          err(`${t} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`),
          err("    You need to specify one of the following as an environment variable:"),
          err("    - MYSQL_ROOT_PASSWORD"),
          err("    - MYSQL_ALLOW_EMPTY_PASSWORD"),
          err("    - MYSQL_RANDOM_ROOT_PASSWORD"),
        ];
      }
      const ready = mysqlTime(startedAt + 12_000);
      const short = v.replace(/-.*$/, "");
      return [
        ...head,
        out(`${t} [Note] [Entrypoint]: Initializing database files`),
        out(`${mysqlTime(startedAt + 9_000)} [Note] [Entrypoint]: Database files initialized`),
        out(
          `${mysqlTime(startedAt + 11_000)} [Note] [Entrypoint]: MySQL init process done. Ready for start up.`,
          11_000,
        ),
        err(
          `${ready.replace(/\+00:00$/, "Z").replace(" ", "T")} 0 [System] [MY-015015] [Server] MySQL Server - start.`,
          12_000,
        ),
        err(
          `${ready.replace(/\+00:00$/, "Z").replace(" ", "T")} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${short}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`,
          12_000,
        ),
      ];
    }
    case "idle":
      return [];
  }
}

function mysqlTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}+00:00`;
}

export function mysqlHasPassword(env: Record<string, string>): boolean {
  return ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"].some(
    (k) => env[k] !== undefined && (k !== "MYSQL_ROOT_PASSWORD" || env[k] !== ""),
  );
}

/** Lines a server logs when asked to stop (nginx: SIGQUIT from its STOPSIGNAL). */
export function stopLines(kind: ServerKind, ctx: ServerContext, at: number): TimedLine[] {
  if (kind !== "nginx" || !versionAtLeast(ctx.version, 1, 19)) return [];
  const t = nginxErrorTime(at);
  const lines: TimedLine[] = [
    { stream: "stderr", text: `${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`, offsetMs: 0 },
  ];
  for (let i = 0; i < ctx.cpus; i++) {
    lines.push({ stream: "stderr", text: `${t} [notice] ${29 + i}#${29 + i}: gracefully shutting down`, offsetMs: 0 });
    lines.push({ stream: "stderr", text: `${t} [notice] ${29 + i}#${29 + i}: exiting`, offsetMs: 0 });
    lines.push({ stream: "stderr", text: `${t} [notice] ${29 + i}#${29 + i}: exit`, offsetMs: 0 });
  }
  lines.push({ stream: "stderr", text: `${t} [notice] 1#1: signal 17 (SIGCHLD) received from ${29}`, offsetMs: 0 });
  lines.push({ stream: "stderr", text: `${t} [notice] 1#1: worker process ${29} exited with code 0`, offsetMs: 0 });
  lines.push({ stream: "stderr", text: `${t} [notice] 1#1: exit`, offsetMs: 0 });
  return lines;
}

/** The ports a server listens on. */
export function servedPorts(kind: ServerKind, env: Record<string, string>): number[] {
  switch (kind) {
    case "nginx":
    case "httpd":
    case "echo-hostname":
      return [80];
    case "redis":
      return [6379];
    case "mysql":
      return mysqlHasPassword(env) ? [3306, 33060] : [];
    case "idle":
      return [];
  }
}

const NGINX_INDEX_1_21 = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NGINX_INDEX_OLD = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** nginx's default index.html: 615 bytes since 1.21.x (color-scheme), 612 before. */
export function nginxIndex(version: string | undefined): string {
  return versionAtLeast(version, 1, 21) ? NGINX_INDEX_1_21 : NGINX_INDEX_OLD;
}

export const HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n";

/**
 * The textbook's echo-hostname page (PHP printing gethostname()): the line students grep for is
 * `\t<p>Hello,  <hostname></p>\t</blockquote>`.
 */
export function echoHostnamePage(hostname: string): string {
  return `<!DOCTYPE html>\n<meta charset="utf-8" />\n<link rel="stylesheet" type="text/css" href="./css/layout.css" />\n<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/3.3.2/css/bootstrap.min.css">\n\n<div class="form-layout">\n\t<blockquote>\n\t<p>Hello,  ${hostname}</p>\t</blockquote>\n</div>\n`;
}

const NGINX_404 = (version: string | undefined) =>
  `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/${version ?? "1.29.3"}</center>\r\n</body>\r\n</html>\r\n`;

/**
 * How a server answers a request for `path`, given the file it would serve from its document
 * root (`docRoot` reads the container's live filesystem, so an index.html a student replaced
 * is what curl gets).
 */
export function answerHttp(
  kind: ServerKind,
  ctx: ServerContext,
  path: string,
  docRoot: (path: string) => DocRootFile | undefined,
): HttpAnswer | undefined {
  const clean = path.split("?")[0] || "/";
  switch (kind) {
    case "nginx": {
      const file = clean.endsWith("/") ? `${clean}index.html` : clean;
      const found = docRoot(`/usr/share/nginx/html${file}`);
      if (found) return { status: 200, body: found.content, contentType: "text/html", modified: found.mtime };
      return { status: 404, body: NGINX_404(ctx.version), contentType: "text/html" };
    }
    case "httpd": {
      const file = clean.endsWith("/") ? `${clean}index.html` : clean;
      const found = docRoot(`/usr/local/apache2/htdocs${file}`);
      if (found) return { status: 200, body: found.content, contentType: "text/html", modified: found.mtime };
      return {
        status: 404,
        body: `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n`,
        contentType: "text/html",
      };
    }
    case "echo-hostname":
      return { status: 200, body: echoHostnamePage(ctx.hostname), contentType: "text/html" };
    default:
      return undefined;
  }
}

/** The access-log line a server writes for a request it answered (none for silent servers). */
export function accessLine(kind: ServerKind, req: HttpRequest, answer: HttpAnswer): TimedLine | undefined {
  // A HEAD response carries no body: nginx logs 0 bytes sent, Apache's %b a "-".
  const sent = req.method === "HEAD" ? 0 : new TextEncoder().encode(answer.body).length;
  const request = `"${req.method} ${req.path} HTTP/1.1"`;
  switch (kind) {
    case "nginx":
      return {
        stream: "stdout",
        text: `${req.clientIP} - - [${clfTime(req.at)}] ${request} ${answer.status} ${sent} "-" "${req.userAgent}" "-"`,
        offsetMs: 0,
      };
    case "httpd":
      return {
        stream: "stdout",
        text: `${req.clientIP} - - [${clfTime(req.at)}] ${request} ${answer.status} ${sent === 0 ? "-" : sent}`,
        offsetMs: 0,
      };
    case "echo-hostname":
      return undefined;
    default:
      return undefined;
  }
}
