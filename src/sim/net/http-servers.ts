/**
 * What the images labs run answer over HTTP, keyed by image (until the image catalogue in
 * src/sim/k8s/images/ says it): the port the server listens on and its response to a request.
 *
 *  - nginx (any tag): the default index.html of the nginx release at `/`, nginx's 404 page
 *    elsewhere, with nginx's headers. nginx 1.21.1 added `color-scheme` to the page (615 bytes;
 *    612 before). `latest`, `stable`, `alpine` and untagged mean the current release.
 *  - alicek106/rr-test:echo-hostname (the textbook's): a small page greeting with the
 *    container's hostname, i.e. the pod name.
 *  - httpd: Apache's `It works!` page.
 */
import { parseImageRef } from "../k8s/images/reference.ts";

export interface HttpRequest {
  method: string;
  path: string;
  headers: [string, string][];
}

export interface HttpResponse {
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
}

export interface ServerContext {
  /** The container's hostname (the pod name, or spec.hostname). */
  hostname: string;
  /** Virtual now, ms. */
  now: number;
}

export interface HttpServer {
  port: number;
  respond(req: HttpRequest, ctx: ServerContext): HttpResponse;
}

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

/** The nginx release `latest` (and a bare `nginx`) resolves to at the simulation's epoch. */
export const NGINX_LATEST = "1.29.3";

const NGINX_PAGE_MODERN = `<!DOCTYPE html>
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

const NGINX_PAGE_CLASSIC = `<!DOCTYPE html>
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

/** `1.29.3` from a tag like `1.29.3`, `1.29`, `1.29.3-alpine`; the current release otherwise. */
export function nginxVersion(tag: string): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  if (!m) return NGINX_LATEST;
  return `${m[1]}.${m[2]}.${m[3] ?? (m[1] === "1" && m[2] === "29" ? "3" : "0")}`;
}

function versionAtLeast(v: string, major: number, minor: number, patch: number): boolean {
  const [a, b, c] = v.split(".").map(Number);
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

/** RFC 7231 IMF-fixdate, as nginx prints Date and Last-Modified. */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

/** When the image's index.html was built (fixed per release; it feeds Last-Modified and ETag). */
const NGINX_BUILT_MS = Date.UTC(2025, 9, 28, 12, 5, 10);

function nginxServer(version: string): HttpServer {
  const page = versionAtLeast(version, 1, 21, 1) ? NGINX_PAGE_MODERN : NGINX_PAGE_CLASSIC;
  return {
    port: 80,
    respond(req, ctx) {
      const base: [string, string][] = [
        ["Server", `nginx/${version}`],
        ["Date", httpDate(ctx.now)],
      ];
      if (req.path === "/" || req.path === "/index.html") {
        const length = byteLength(page);
        const etag = `"${Math.floor(NGINX_BUILT_MS / 1000).toString(16)}-${length.toString(16)}"`;
        return {
          status: 200,
          reason: "OK",
          headers: [
            ...base,
            ["Content-Type", "text/html"],
            ["Content-Length", String(length)],
            ["Last-Modified", httpDate(NGINX_BUILT_MS)],
            ["Connection", "keep-alive"],
            ["ETag", etag],
            ["Accept-Ranges", "bytes"],
          ],
          body: req.method === "HEAD" ? "" : page,
        };
      }
      const body = `<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx/${version}</center>\n</body>\n</html>\n`;
      return {
        status: 404,
        reason: "Not Found",
        headers: [
          ...base,
          ["Content-Type", "text/html"],
          ["Content-Length", String(byteLength(body))],
          ["Connection", "keep-alive"],
        ],
        body: req.method === "HEAD" ? "" : body,
      };
    },
  };
}

/** alicek106/rr-test:echo-hostname: PHP on Apache printing gethostname(). */
const echoHostname: HttpServer = {
  port: 80,
  respond(req, ctx) {
    const body = `<!DOCTYPE html>\n<meta charset="utf-8" />\n<link rel="stylesheet" type="text/css" href="./css/layout.css" />\n<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/3.3.2/css/bootstrap.min.css">\n\n<div class="form-layout">\n\t<blockquote>\n\t<p>Hello,  ${ctx.hostname}</p>\t</blockquote>\n</div>\n`;
    return {
      status: 200,
      reason: "OK",
      headers: [
        ["Date", httpDate(ctx.now)],
        ["Server", "Apache/2.4.7 (Ubuntu)"],
        ["X-Powered-By", "PHP/5.5.9-1ubuntu4.29"],
        ["Content-Length", String(byteLength(body))],
        ["Content-Type", "text/html"],
      ],
      body: req.method === "HEAD" ? "" : body,
    };
  },
};

const httpd: HttpServer = {
  port: 80,
  respond(req, ctx) {
    const body = "<html><body><h1>It works!</h1></body></html>\n";
    return {
      status: 200,
      reason: "OK",
      headers: [
        ["Date", httpDate(ctx.now)],
        ["Server", "Apache/2.4.65 (Unix)"],
        ["Last-Modified", "Mon, 11 Jun 2007 18:53:14 GMT"],
        ["ETag", '"2d-432a5e4a73a80"'],
        ["Accept-Ranges", "bytes"],
        ["Content-Length", String(byteLength(body))],
        ["Content-Type", "text/html"],
      ],
      body: req.method === "HEAD" ? "" : body,
    };
  },
};

/** The HTTP server an image runs, if it runs one. */
export function httpServerFor(image: string): HttpServer | undefined {
  const ref = parseImageRef(image);
  if (ref.domain !== "docker.io") return undefined;
  if (ref.path === "library/nginx") return nginxServer(nginxVersion(ref.tag));
  if (ref.path === "alicek106/rr-test" && ref.tag === "echo-hostname") return echoHostname;
  if (ref.path === "library/httpd") return httpd;
  return undefined;
}
