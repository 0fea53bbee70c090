/**
 * The Service REST layer's allocators: a ClusterIP from the service CIDR (10.96.0.0/12) and
 * NodePorts from 30000-32767, chosen with the seeded randomness (upstream picks at random too,
 * so a seed stands in for luck), honouring explicit requests and refusing taken ones with
 * upstream's messages.
 */

import type { Ids } from "../../core/ids.ts";
import { fail, ok, type Result } from "../../core/status.ts";
import type { ObjectStore } from "../../core/store.ts";
import type { KObject } from "../api/object.ts";
import { invalid, invalidStatus } from "../validation/field-errors.ts";

const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16); // 10.96.0.0
const SERVICE_CIDR_SIZE = 1 << 20; // /12
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

export function ipToString(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function usedClusterIPs(store: ObjectStore, except?: KObject): Set<string> {
  const used = new Set<string>();
  for (const s of store.list("services")) {
    if (except && s.metadata.uid === except.metadata.uid) continue;
    for (const ip of s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])) used.add(ip);
  }
  return used;
}

function usedNodePorts(store: ObjectStore, except?: KObject): Set<number> {
  const used = new Set<number>();
  for (const s of store.list("services")) {
    if (except && s.metadata.uid === except.metadata.uid) continue;
    for (const p of s.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
  }
  return used;
}

const needsNodePorts = (type: string | undefined) => type === "NodePort" || type === "LoadBalancer";

/** Fills spec.clusterIP(s) and node ports of a Service being created or updated. */
export function allocateServiceAddresses(
  svc: KObject,
  old: KObject | undefined,
  store: ObjectStore,
  ids: Ids,
): Result<void> {
  const spec = svc.spec ?? {};
  const name = svc.metadata.name ?? "";
  const type: string = spec.type ?? "ClusterIP";
  if (type !== "ExternalName" && spec.clusterIP !== "None") {
    const requested: string | undefined = spec.clusterIP || spec.clusterIPs?.[0];
    const previous: string | undefined = old?.spec?.clusterIP;
    if (requested && requested !== previous) {
      const n = ipToNumber(requested);
      const inRange = n !== undefined && n - SERVICE_CIDR_BASE >= 0 && n - SERVICE_CIDR_BASE < SERVICE_CIDR_SIZE;
      if (!inRange) {
        return fail(
          invalidStatus("", "Service", name, [
            invalid(
              "spec.clusterIPs",
              [requested],
              `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`,
            ),
          ]),
        );
      }
      if (usedClusterIPs(store, old).has(requested)) {
        return fail(
          invalidStatus("", "Service", name, [
            invalid(
              "spec.clusterIPs",
              [requested],
              `failed to allocate IP ${requested}: provided IP is already allocated`,
            ),
          ]),
        );
      }
    } else if (!requested) {
      const used = usedClusterIPs(store, old);
      let ip = "";
      for (let tries = 0; tries < 1000 && (!ip || used.has(ip)); tries++) {
        // Skip the network address and the first few, as the allocator's offset does.
        ip = ipToString(SERVICE_CIDR_BASE + 16 + ids.int(SERVICE_CIDR_SIZE - 32));
      }
      spec.clusterIP = ip;
    }
    spec.clusterIPs = [spec.clusterIP];
  }
  if (needsNodePorts(type)) {
    const used = usedNodePorts(store, old);
    const mine = new Set<number>();
    const ports: { nodePort?: number }[] = spec.ports ?? [];
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i];
      const prev = old?.spec?.ports?.[i]?.nodePort;
      if (p.nodePort && p.nodePort !== prev && (used.has(p.nodePort) || mine.has(p.nodePort))) {
        return fail(
          invalidStatus("", "Service", name, [
            invalid(`spec.ports[${i}].nodePort`, p.nodePort, "provided port is already allocated"),
          ]),
        );
      }
      if (p.nodePort) mine.add(p.nodePort);
    }
    for (const p of ports) {
      if (p.nodePort) continue;
      let port = 0;
      for (let tries = 0; tries < 10_000 && (!port || used.has(port) || mine.has(port)); tries++) {
        port = NODE_PORT_MIN + ids.int(NODE_PORT_MAX - NODE_PORT_MIN + 1);
      }
      p.nodePort = port;
      mine.add(port);
    }
  }
  svc.spec = spec;
  return ok(undefined);
}
