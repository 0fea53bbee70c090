/**
 * HTTP as the client sees it: the status line and headers each server sends around what it
 * answered. What a server answers (status and body, read from the container's live document
 * root, so a page a student replaced is what curl gets) and what it logs live with the image
 * (src/sim/k8s/images/servers.ts); this module only frames it:
 *  - nginx: Server with the image's release, Last-Modified and ETag from the file (the image's
 *    build time for its own index.html), keep-alive;
 *  - alicek106/rr-test:echo-hostname (the textbook's): Apache 2.4.7 with PHP 5.5.9 on Ubuntu;
 *  - httpd: Apache's own headers, with the image's ETag for its `It works!` page.
 */
import type { ServerKind } from "../k8s/images/catalogue.ts";
import { HTTPD_INDEX, type HttpAnswer, nginxIndex } from "../k8s/images/servers.ts";

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

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

/** The nginx release `latest` (and a bare `nginx`) resolves to at the simulation's epoch. */
export const NGINX_LATEST = "1.29.3";

/** RFC 7231 IMF-fixdate, as nginx prints Date and Last-Modified. */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

/** When the nginx image's index.html was built: its Last-Modified and ETag while nobody replaced it. */
const NGINX_BUILT_MS = Date.UTC(2025, 9, 28, 12, 5, 10);

/**
 * The response a server sends for what it answered (images/servers.ts decides the status and
 * body, from the container's live document root): the status line and headers of that server.
 */
export function httpResponse(
  kind: ServerKind,
  version: string | undefined,
  answer: HttpAnswer,
  req: HttpRequest,
  now: number,
): HttpResponse {
  const length = String(byteLength(answer.body));
  const body = req.method === "HEAD" ? "" : answer.body;
  const status = { status: answer.status, reason: REASONS[answer.status] ?? "" };
  switch (kind) {
    case "nginx": {
      const base: [string, string][] = [
        ["Server", `nginx/${version ?? NGINX_LATEST}`],
        ["Date", httpDate(now)],
        ["Content-Type", answer.contentType],
        ["Content-Length", length],
      ];
      if (answer.status !== 200) return { ...status, headers: [...base, ["Connection", "keep-alive"]], body };
      const modified = answer.body === nginxIndex(version) ? NGINX_BUILT_MS : (answer.modified ?? NGINX_BUILT_MS);
      const etag = `"${Math.floor(modified / 1000).toString(16)}-${byteLength(answer.body).toString(16)}"`;
      return {
        ...status,
        headers: [
          ...base,
          ["Last-Modified", httpDate(modified)],
          ["Connection", "keep-alive"],
          ["ETag", etag],
          ["Accept-Ranges", "bytes"],
        ],
        body,
      };
    }
    case "echo-hostname":
      return {
        ...status,
        headers: [
          ["Date", httpDate(now)],
          ["Server", "Apache/2.4.7 (Ubuntu)"],
          ["X-Powered-By", "PHP/5.5.9-1ubuntu4.29"],
          ["Content-Length", length],
          ["Content-Type", answer.contentType],
        ],
        body,
      };
    default: {
      const headers: [string, string][] = [
        ["Date", httpDate(now)],
        ["Server", `Apache/${version ?? "2.4.65"} (Unix)`],
      ];
      if (answer.status === 200 && answer.body === HTTPD_INDEX) {
        headers.push(["Last-Modified", "Mon, 11 Jun 2007 18:53:14 GMT"], ["ETag", '"2d-432a5e4a73a80"']);
      }
      if (answer.status === 200) headers.push(["Accept-Ranges", "bytes"]);
      headers.push(["Content-Length", length], ["Content-Type", answer.contentType]);
      return { ...status, headers, body };
    }
  }
}

const REASONS: Record<number, string> = { 200: "OK", 404: "Not Found" };
