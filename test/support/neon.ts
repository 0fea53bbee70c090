/**
 * Points `@neondatabase/serverless` on Node at the test WebSocket proxy (test/support/ws-proxy.ts)
 * instead of Neon's hosted one. `neonConfig` is module-global, so this affects every Pool and
 * Client created afterwards in the same test file (vitest isolates files from each other).
 *
 * Why each setting:
 * - webSocketConstructor: Node 20 has no global WebSocket; the `ws` package provides one.
 * - wsProxy: a string `host:port/path` makes the driver open `ws://<wsProxy>?address=<db host>:<port>`.
 * - useSecureWebSocket: the local proxy speaks plain ws://, not wss://.
 * - pipelineConnect: the default ("password") sends the password before the server asks for it,
 *   which only works with cleartext auth; under SCRAM it crashes the process with an uncaught error.
 */
import { neonConfig } from "@neondatabase/serverless";
import ws from "ws";

export function useLocalNeonProxy(wsProxy: string): void {
  neonConfig.webSocketConstructor = ws;
  neonConfig.wsProxy = wsProxy;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
}
