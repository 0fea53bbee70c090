/**
 * What a registry answers when a node pulls an image: the image (tag, size, digest) or the
 * error the container runtime reports, in the runtime's own words. Two runtimes are modelled:
 * dockershim (Docker Engine 20.10, the 1.21 era) and containerd 1.7 (1.24+).
 *
 * containerd, unknown tag:
 *   rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope":
 *   failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found
 * dockershim, unknown tag:
 *   rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:nope not found:
 *   manifest unknown: manifest unknown
 */
import { imageDigest } from "../bootstrap/context.ts";
import { type BaseSystem, catalogueEntry, type ImageEntry, type TagInfo } from "./catalogue.ts";
import { type ImageRef, parseImageRef } from "./reference.ts";

export type Runtime = "docker" | "containerd";

export interface ResolvedImage {
  ref: ImageRef;
  entry: ImageEntry;
  tag: TagInfo;
  base: BaseSystem;
  size: number;
  /** 64 hex digits: the manifest digest, the same on every node and seed. */
  digest: string;
}

export type PullAnswer = { ok: true; image: ResolvedImage } | { ok: false; error: string };

/** Docker Hub and the registries the catalogue knows: an unknown repository there is "not found/denied", not "no such host". */
const KNOWN_REGISTRIES = new Set(["docker.io", "registry.k8s.io", "k8s.gcr.io", "gcr.io", "quay.io", "ghcr.io"]);

/** Resolved images, shared and frozen like parsed references (reference.ts); misses are remembered too. */
const resolved = new Map<string, ResolvedImage | undefined>();
const MAX_RESOLVED = 1024;

export function resolveImage(raw: string): ResolvedImage | undefined {
  if (resolved.has(raw)) return resolved.get(raw);
  if (resolved.size >= MAX_RESOLVED) resolved.clear();
  const image = resolve(raw);
  resolved.set(raw, image && Object.freeze(image));
  return image;
}

function resolve(raw: string): ResolvedImage | undefined {
  const ref = parseImageRef(raw);
  const entry = catalogueEntry(ref.repository);
  if (!entry) return undefined;
  let tag: TagInfo | undefined;
  if (ref.digest) tag = entry.tags.latest ?? Object.values(entry.tags)[0];
  else tag = entry.tags[ref.tag];
  if (!tag) return undefined;
  const digest = ref.digest?.startsWith("sha256:") ? ref.digest.slice(7) : imageDigest(`${ref.repository}:${ref.tag}`);
  return { ref, entry, tag, base: tag.base ?? entry.base, size: tag.size, digest };
}

/** What pulling `raw` answers on a node of this runtime. */
export function pullImage(raw: string, runtime: Runtime): PullAnswer {
  const image = resolveImage(raw);
  if (image) return { ok: true, image };
  return { ok: false, error: pullError(parseImageRef(raw), runtime) };
}

function pullError(ref: ImageRef, runtime: Runtime): string {
  const repoKnown = catalogueEntry(ref.repository) !== undefined;
  const registryKnown = KNOWN_REGISTRIES.has(ref.domain);
  const shown = ref.digest ? `${ref.familiar}@${ref.digest}` : `${ref.familiar}:${ref.tag}`;
  if (runtime === "docker") {
    if (!registryKnown) {
      return `rpc error: code = Unknown desc = Error response from daemon: Get "https://${ref.domain}/v2/": dial tcp: lookup ${ref.domain} on 127.0.0.53:53: no such host`;
    }
    if (repoKnown || ref.domain !== "docker.io") {
      return `rpc error: code = Unknown desc = Error response from daemon: manifest for ${shown} not found: manifest unknown: manifest unknown`;
    }
    return `rpc error: code = Unknown desc = Error response from daemon: pull access denied for ${ref.familiar}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
  }
  const n = ref.normalized;
  const head = `failed to pull and unpack image "${n}": failed to resolve reference "${n}"`;
  if (!registryKnown) {
    const path = ref.path;
    const reference = ref.digest ?? ref.tag;
    return `rpc error: code = Unknown desc = ${head}: failed to do request: Head "https://${ref.domain}/v2/${path}/manifests/${reference}": dial tcp: lookup ${ref.domain} on 127.0.0.53:53: no such host`;
  }
  if (repoKnown || ref.domain !== "docker.io") return `rpc error: code = NotFound desc = ${head}: ${n}: not found`;
  return `rpc error: code = Unknown desc = ${head}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
}

/**
 * containerStatus.image and imageID as each runtime reports them: containerd gives the
 * normalised name and `repo@sha256:...`; dockershim the name as written and
 * `docker-pullable://repo@sha256:...` (repo in its familiar form).
 */
export function statusImage(image: ResolvedImage, runtime: Runtime): { image: string; imageID: string } {
  // Every status write of every container asks; the answer is one per image and runtime.
  let byRuntime = statusImages.get(image);
  if (!byRuntime) {
    byRuntime = {};
    statusImages.set(image, byRuntime);
  }
  byRuntime[runtime] ??= Object.freeze(statusImageOf(image, runtime));
  return byRuntime[runtime];
}

const statusImages = new WeakMap<ResolvedImage, Partial<Record<Runtime, { image: string; imageID: string }>>>();

function statusImageOf(image: ResolvedImage, runtime: Runtime): { image: string; imageID: string } {
  if (runtime === "containerd") {
    return { image: image.ref.normalized, imageID: `${image.ref.repository}@sha256:${image.digest}` };
  }
  const name = image.ref.raw.includes(":") || image.ref.digest ? image.ref.raw : `${image.ref.raw}:latest`;
  return { image: name, imageID: `docker-pullable://${image.ref.familiar}@sha256:${image.digest}` };
}

/**
 * How long a pull takes, in milliseconds: a round trip to resolve the manifest plus the layers
 * at about 25 MB/s, varied by ±20% per (node, image, attempt) so nodes do not finish in lockstep.
 * nginx:1.29.3 (59.8 MB) on k8s-w1: 350 + 59.8e6 / 25e3 = 2742 ms, times a factor in [0.85, 1.25).
 * An image whose layers are already there (a second request queued behind the first) only
 * needs the round trip.
 */
export function pullDurationMs(size: number, key: string, layersPresent: boolean): number {
  const f = 0.85 + (hash(key) % 4000) / 10_000;
  if (layersPresent) return Math.round(300 * f + (hash(`${key}/r`) % 250));
  return Math.round((350 + size / 25_000) * f);
}

/** A failed resolve: one or two round trips. */
export function failedPullDurationMs(key: string): number {
  return 400 + (hash(key) % 1100);
}

/** Sub-millisecond digits for the 1.21 message, which prints the duration at full precision. */
export function nanosOf(key: string): number {
  return hash(`${key}/ns`) % 1_000_000;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
