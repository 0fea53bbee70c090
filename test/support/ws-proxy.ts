/**
 * The WebSocket-to-TCP proxy that lets `@neondatabase/serverless` (which speaks the Postgres
 * wire protocol over a WebSocket, as Neon's own proxy expects) reach a plain PostgreSQL server.
 * The driver opens `ws://<proxy>/v1?address=<host>:<port>` and then sends raw protocol bytes;
 * each WebSocket message is written to the TCP socket and each TCP chunk is sent back as one
 * binary message.
 *
 * Only loopback targets are allowed: the proxy listens on 127.0.0.1 but must not become a way
 * for anything that can reach it to open connections elsewhere.
 */
import { connect, isIP, type Socket } from "node:net";
import { WebSocket, WebSocketServer } from "ws";

export type WsProxy = {
  port: number;
  /** The value for `neonConfig.wsProxy` (and the Worker's NEON_WS_PROXY): `127.0.0.1:<port>/v1`. */
  address: string;
  close(): Promise<void>;
};

/** Close code 1008 is "policy violation"; the reason names the refused target. */
export const REFUSED = 1008;

export async function startWsProxy(): Promise<WsProxy> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/v1" });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  const sockets = new Set<Socket>();

  wss.on("connection", (ws, request) => {
    const url = new URL(request.url ?? "/", "http://proxy");
    const target = parseTarget(url.searchParams.get("address"));
    if (!target.ok) {
      // Close reasons are capped at 123 bytes by the protocol.
      ws.close(REFUSED, target.reason.slice(0, 123));
      return;
    }
    const tcp = connect({ host: target.host, port: target.port });
    sockets.add(tcp);
    tcp.setNoDelay(true);
    // Writes before the TCP connection is up are buffered by the socket, so a client that
    // sends its startup message at once loses nothing.
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      tcp.write(Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));
    });
    tcp.on("data", (chunk) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(chunk);
    });
    const end = () => {
      sockets.delete(tcp);
      tcp.destroy();
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
    };
    tcp.on("error", (error) => {
      // Tell the client why (e.g. ECONNREFUSED) instead of a bare disconnect.
      if (ws.readyState === WebSocket.OPEN)
        ws.close(1011, `target ${target.host}:${target.port}: ${error.message}`.slice(0, 123));
      end();
    });
    tcp.on("close", end);
    ws.on("close", end);
    ws.on("error", end);
  });

  const port = (wss.address() as { port: number }).port;
  return {
    port,
    address: `127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

type Target = { ok: true; host: string; port: number } | { ok: false; reason: string };

export function parseTarget(address: string | null): Target {
  if (!address) return { ok: false, reason: "missing ?address=host:port" };
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(address);
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535) return { ok: false, reason: `address ${address} is not host:port` };
  const host = m[1] ?? m[2];
  if (!isLoopback(host)) return { ok: false, reason: `refused ${host}:${port}: this test proxy only reaches loopback` };
  return { ok: true, host, port };
}

function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || host === "0:0:0:0:0:0:0:1";
  return false;
}
