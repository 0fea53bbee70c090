/**
 * Image references as the container runtimes normalise them (github.com/distribution/reference
 * ParseNormalizedNamed): a first path component with a `.` or `:` (or `localhost`) is a
 * registry, anything else lives on Docker Hub, and single names are official images under
 * `library/`. A missing tag means `latest`.
 *
 *   nginx                          -> docker.io/library/nginx:latest
 *   alicek106/rr-test:echo-hostname -> docker.io/alicek106/rr-test:echo-hostname
 *   registry.k8s.io/pause:3.10     -> registry.k8s.io/pause:3.10
 */

export interface ImageRef {
  /** As written in the pod spec. */
  raw: string;
  /** `docker.io`, `registry.k8s.io`, `quay.io`, ... */
  domain: string;
  /** `library/nginx`, `alicek106/rr-test`, `pause`. */
  path: string;
  /** `latest` when none was given (and no digest). */
  tag: string;
  digest?: string;
  /** `docker.io/library/nginx` */
  repository: string;
  /** `docker.io/library/nginx:latest` (or `@sha256:...`). */
  normalized: string;
  /** The short form Docker prints: `nginx`, `alicek106/rr-test`, `registry.k8s.io/pause`. */
  familiar: string;
}

/**
 * Parsed references, shared and frozen: a cluster refers to a handful of images from
 * thousands of pods, and each kubelet sync, status write and validation parses them again.
 */
const parsed = new Map<string, ImageRef>();
const MAX_PARSED = 1024;

export function parseImageRef(raw: string): ImageRef {
  let ref = parsed.get(raw);
  if (ref === undefined) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    ref = Object.freeze(parse(raw));
    parsed.set(raw, ref);
  }
  return ref;
}

function parse(raw: string): ImageRef {
  let rest = raw.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = "";
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split("/")[0];
  let domain = "docker.io";
  let path = rest;
  if (rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")) {
    domain = first;
    path = rest.slice(first.length + 1);
  }
  if (domain === "index.docker.io") domain = "docker.io";
  if (domain === "docker.io" && !path.includes("/")) path = `library/${path}`;
  if (!tag && !digest) tag = "latest";
  const repository = `${domain}/${path}`;
  const normalized = digest ? `${repository}@${digest}` : `${repository}:${tag}`;
  const familiar = domain === "docker.io" ? path.replace(/^library\//, "") : repository;
  return { raw, domain, path, tag, digest, repository, normalized, familiar };
}
