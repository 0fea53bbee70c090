/**
 * A container's environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go
 * makeEnvironmentVariables): envFrom, then env in order (`$(VAR)` expanded against what came
 * before and the service variables), then the service variables of every Service that existed
 * when the container was created: those of the pod's namespace when enableServiceLinks (the
 * default), and always the `kubernetes` Service of `default`. The runtime puts the image's own
 * variables first and HOME last.
 *
 * Service variables (pkg/kubelet/envvars), for `my-svc` 10.96.12.34 port 80/TCP named http:
 *   MY_SVC_SERVICE_HOST=10.96.12.34  MY_SVC_SERVICE_PORT=80  MY_SVC_SERVICE_PORT_HTTP=80
 *   MY_SVC_PORT=tcp://10.96.12.34:80  MY_SVC_PORT_80_TCP=tcp://10.96.12.34:80
 *   MY_SVC_PORT_80_TCP_PROTO=tcp  MY_SVC_PORT_80_TCP_PORT=80  MY_SVC_PORT_80_TCP_ADDR=10.96.12.34
 */
import { decodeBase64 } from "../../core/base64.ts";
import { Slot } from "../../core/slots.ts";
import type { ObjectStore } from "../../core/store.ts";
import type { KObject } from "../api/object.ts";
import type { ResolvedImage } from "../images/registry.ts";
import { expandVars } from "./program.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod specs are schemaless JSON.
type Json = any;

export type EnvResult = { ok: true; env: Record<string, string> } | { ok: false; error: string };

/**
 * The service variables of a namespace, read-only: every container started there gets the same
 * ones until a service changes, so they are built once and shared (a Deployment of thousands of
 * replicas would otherwise build thousands of identical sets of strings).
 */
export function serviceEnv(
  store: ObjectStore,
  namespace: string,
  enableServiceLinks: boolean,
  at: number,
): Readonly<Record<string, string>> {
  const services: KObject[] = [];
  if (enableServiceLinks) services.push(...store.list("services", namespace));
  const master = store.get("services", "default", "kubernetes");
  if (master && !services.includes(master)) services.push(master);
  services.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  const visible = services.filter((svc) => !createdAfter(svc, at));
  const cache = SERVICE_ENVS.of(store, () => new Map());
  const key = `${enableServiceLinks}/${namespace}`;
  const hit = cache.get(key);
  // Stored objects are replaced, never changed: the same objects mean the same variables.
  if (hit && hit.services.length === visible.length && hit.services.every((svc, i) => svc === visible[i])) {
    return hit.env;
  }
  const env = Object.freeze(buildServiceEnv(visible));
  cache.set(key, { services: visible, env });
  return env;
}

const SERVICE_ENVS = new Slot<Map<string, { services: KObject[]; env: Readonly<Record<string, string>> }>>();

function createdAfter(svc: KObject, at: number): boolean {
  const created = Date.parse(svc.metadata.creationTimestamp ?? "");
  return Number.isFinite(created) && created > at;
}

function buildServiceEnv(services: KObject[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const svc of services) {
    const ip: string | undefined = svc.spec?.clusterIP;
    if (!ip || ip === "None") continue;
    const ports: Json[] = svc.spec?.ports ?? [];
    if (ports.length === 0) continue;
    const n = svc.metadata.name!.toUpperCase().replace(/-/g, "_");
    out[`${n}_SERVICE_HOST`] = ip;
    out[`${n}_SERVICE_PORT`] = String(ports[0].port);
    for (const p of ports)
      if (p.name) out[`${n}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, "_")}`] = String(p.port);
    const proto0 = String(ports[0].protocol ?? "TCP").toLowerCase();
    out[`${n}_PORT`] = `${proto0}://${ip}:${ports[0].port}`;
    for (const p of ports) {
      const proto = String(p.protocol ?? "TCP");
      const prefix = `${n}_PORT_${p.port}_${proto.toUpperCase()}`;
      out[prefix] = `${proto.toLowerCase()}://${ip}:${p.port}`;
      out[`${prefix}_PROTO`] = proto.toLowerCase();
      out[`${prefix}_PORT`] = String(p.port);
      out[`${prefix}_ADDR`] = ip;
    }
  }
  return out;
}

export interface EnvContext {
  store: ObjectStore;
  pod: KObject;
  container: Json;
  image: ResolvedImage;
  hostname: string;
  podIP: string;
  hostIP: string;
  at: number;
}

export function containerEnv(c: EnvContext): EnvResult {
  const ns = c.pod.metadata.namespace ?? "default";
  const declared: Record<string, string> = {};
  const services = serviceEnv(c.store, ns, c.pod.spec?.enableServiceLinks !== false, c.at);
  for (const from of (c.container.envFrom ?? []) as Json[]) {
    const prefix: string = from.prefix ?? "";
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const isSecret = !!from.secretRef;
    const obj = c.store.get(isSecret ? "secrets" : "configmaps", ns, ref.name);
    if (!obj) {
      if (ref.optional) continue;
      return { ok: false, error: `${isSecret ? "secret" : "configmap"} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries(obj.data ?? {})) {
      declared[prefix + k] = isSecret ? (decodeBase64(String(v)) ?? "") : String(v);
    }
  }
  for (const e of (c.container.env ?? []) as Json[]) {
    if (e.value !== undefined || !e.valueFrom) {
      declared[e.name] = expandVars(String(e.value ?? ""), { ...services, ...declared });
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) {
      declared[e.name] = fieldValue(c, vf.fieldRef.fieldPath);
    } else if (vf.resourceFieldRef) {
      declared[e.name] = resourceValue(c.container, vf.resourceFieldRef.resource);
    } else if (vf.configMapKeyRef || vf.secretKeyRef) {
      const isSecret = !!vf.secretKeyRef;
      const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
      const obj = c.store.get(isSecret ? "secrets" : "configmaps", ns, ref.name);
      if (!obj) {
        if (ref.optional) continue;
        return { ok: false, error: `${isSecret ? "secret" : "configmap"} "${ref.name}" not found` };
      }
      const raw = obj.data?.[ref.key];
      if (raw === undefined) {
        if (ref.optional) continue;
        return {
          ok: false,
          error: `couldn't find key ${ref.key} in ${isSecret ? "Secret" : "ConfigMap"} ${ns}/${ref.name}`,
        };
      }
      declared[e.name] = isSecret ? (decodeBase64(String(raw)) ?? "") : String(raw);
    }
  }
  const env: Record<string, string> = {};
  env.PATH = c.image.entry.env.PATH ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  env.HOSTNAME = c.hostname;
  // for-in visits own keys in Object.entries' order, without building the entries (every
  // container start of every replica comes here). These are plain objects: no inherited keys.
  const imageEnv = c.image.entry.env;
  for (const k in imageEnv) {
    if (k === "PATH") continue;
    const v = imageEnv[k];
    env[k] = k === "NGINX_VERSION" ? (c.image.tag.version ?? v) : v;
  }
  for (const k in declared) env[k] = declared[k];
  for (const k in services) if (!(k in env)) env[k] = services[k];
  env.HOME ??= "/root";
  return { ok: true, env };
}

function fieldValue(c: EnvContext, path: string): string {
  const p = c.pod;
  switch (path) {
    case "metadata.name":
      return p.metadata.name ?? "";
    case "metadata.namespace":
      return p.metadata.namespace ?? "";
    case "metadata.uid":
      return p.metadata.uid ?? "";
    case "spec.nodeName":
      return p.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return p.spec?.serviceAccountName ?? "";
    case "status.podIP":
      return c.podIP;
    case "status.hostIP":
      return c.hostIP;
    case "status.podIPs":
      return c.podIP;
    case "status.hostIPs":
      return c.hostIP;
  }
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (p.metadata[m[1] as "labels" | "annotations"] as Record<string, string> | undefined)?.[m[2]] ?? "";
  return "";
}

/** limits.cpu rounds up to whole cores; memory in bytes; unset limits report the node's allocatable (here: 2 cores, 4 GiB). */
function resourceValue(container: Json, resource: string): string {
  const [kind, name] = resource.split(".");
  const q: string | undefined = container.resources?.[kind]?.[name];
  if (name === "cpu") {
    if (!q) return kind === "limits" ? "2" : "0";
    const cores = q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q);
    return String(Math.ceil(cores));
  }
  if (!q) return kind === "limits" ? "4111843328" : "0";
  const m = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(q);
  if (!m) return q;
  const mult: Record<string, number> = { "": 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, K: 1e3, M: 1e6, G: 1e9 };
  return String(Number(m[1]) * mult[m[2] ?? ""]);
}
