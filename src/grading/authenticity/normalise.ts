/**
 * What legitimately differs between two runs of the same commands, replaced by a placeholder
 * on both sides before they are compared. Each rule below says what it stands for; they are
 * applied to both outputs alike, so a rule can only hide a difference, never invent one.
 */

/** The alphabet of generated names (`k8s.io/apimachinery/pkg/util/rand`): no vowels, no 0/1/3. */
const SAFE = "[bcdfghjklmnpqrstvwxz2456789]";

interface Rule {
  re: RegExp;
  to: string | ((match: string) => string);
}

const RULES: Rule[] = [
  // uids: 6f1c0b4e-8a1d-4a3b-9c55-0e2b7d1f4a10
  { re: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, to: "<uid>" },
  // container ids and image digests: containerd://4f3c..., docker-pullable://nginx@sha256:...
  { re: /\b(docker|containerd|cri-o):\/\/[0-9a-f]{12,64}\b/g, to: "$1://<id>" },
  { re: /\bsha256:[0-9a-f]{12,64}\b/g, to: "sha256:<digest>" },
  // Docker ids: 64 hex, or the 12 `docker ps` shows.
  { re: /\b[0-9a-f]{64}\b|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{12}\b/g, to: "<id>" },
  // Timestamps: RFC 3339 (creationTimestamp, logs), Go's time.String(), RFC 1123 (describe),
  // date(1), Go's log package.
  {
    re: /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?: [+-]\d{4})?(?: [A-Z]{3,5})?/g,
    to: "<time>",
  },
  { re: /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}/g, to: "<time>" },
  {
    re: /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} [A-Z]{3,5} \d{4}/g,
    to: "<time>",
  },
  { re: /\b\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/g, to: "<time>" },
  // Private addresses: pod, node and ClusterIPs (10.96.0.1, 10.244.1.5, 192.168.49.2, 172.17.0.2).
  { re: /\b(?:10\.\d{1,3}|172\.\d{1,3}|192\.168)\.\d{1,3}\.\d{1,3}\b/g, to: "<ip>" },
  // NodePorts (the default range 30000-32767): 80:31234/TCP, nodePort: 31234, curl <ip>:31234.
  { re: /\b3[0-2]\d{3}\b/g, to: (m) => (Number(m) <= 32767 ? "<nodeport>" : m) },
  // resourceVersion: "81234" (YAML and JSON).
  { re: /(resourceVersion"?:\s*"?)\d+/g, to: "$1<rv>" },
  // Hash labels and names: pod-template-hash=7d4b9c8f5d, controller-revision-hash: 6b8c9d7f5.
  { re: new RegExp(`((?:pod-template|controller-revision)-hash[=:]\\s*"?)${SAFE}{4,10}\\b`, "g"), to: "$1<hash>" },
  // web-7d4b9c8f5d-x2x9k: a ReplicaSet's pod-template-hash, then a pod's random suffix.
  { re: new RegExp(`-${SAFE}{4,10}-${SAFE}{5}\\b`, "g"), to: "-<hash>-<suffix>" },
  // ReplicaSet and ControllerRevision names: web-7d4b9c8f5d.
  { re: new RegExp(`-${SAFE}{8,10}\\b`, "g"), to: "-<hash>" },
  // Jobs of a CronJob: hello-28391520 (the scheduled minute).
  { re: /-\d{8}\b/g, to: "-<schedule>" },
  // generateName suffixes: pods of a ReplicaSet/DaemonSet/Job, default-token-x2x9k.
  { re: new RegExp(`-${SAFE}{5}\\b`, "g"), to: "-<suffix>" },
  // Measured times: pulled image "nginx" in 2.345s (2.345s including waiting); 1.2ms.
  { re: / in \S+ \(\S+ including waiting\)/g, to: " in <duration> (<duration> including waiting)" },
  { re: /\b\d+\.\d+(?:ms|s)\b/g, to: "<duration>" },
  { re: /\bImage size: \d+ bytes/g, to: "Image size: <bytes>" },
  // Where the scheduler put a pod (a tie between equal nodes is broken at random).
  { re: /^(\s*Node:\s+)\S+/g, to: "$1<node>" },
  { re: /(Successfully assigned \S+ to )\S+/g, to: "$1<node>" },
  // Docker's ages and uptimes: 2 minutes ago, About an hour ago, Up 5 seconds, Up About a minute.
  {
    re: /\b(?:(?:About )?an? |Less than a |\d+ )(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)( ago)?/g,
    to: "<duration>$1",
  },
];

/** An age as kubectl prints it: 5s, 2m5s, 47h, 2d5h, 3y, <invalid>; in describe, `2m (x3 over 5m)`. */
const AGE = /^(?:\d+[smhdy]){1,2}(?: \(x\d+ over (?:\d+[smhdy]){1,2}\))?$|^<invalid>$|^<unknown>$/;

/** Columns whose content is a time or depends on scheduling ties: compared as present, not by value. */
const IGNORED_COLUMNS = new Set([
  "AGE",
  "LAST SEEN",
  "FIRST SEEN",
  "DURATION",
  "CREATED",
  "CONTAINER ID",
  "IMAGE ID",
  // Equal-scoring nodes are chosen at random by kube-scheduler: another run may place a pod elsewhere.
  "NODE",
  "NOMINATED NODE",
]);

export interface NormaliseOptions {
  /** Kubernetes minor version of the replay: from 1.22 the RESTARTS column adds `(5m ago)`. */
  minor: number;
}

export function normaliseText(text: string, opts: NormaliseOptions): string {
  let s = text;
  if (opts.minor >= 22) s = s.replace(/ \((?:\d+[smhdy]){1,2} ago\)/g, "");
  for (const r of RULES) s = typeof r.to === "string" ? s.replace(r.re, r.to) : s.replace(r.re, r.to);
  return s.replace(/[ \t]+/g, " ").trim();
}

export function normaliseCell(column: string, value: string, opts: NormaliseOptions): string {
  const col = column.toUpperCase();
  if (IGNORED_COLUMNS.has(col)) return "<ignored>";
  // Ages only where an age is meant: a CPU quantity (`250m`) reads the same.
  if (/SEEN|SINCE|DURATION|AGE/.test(col) && AGE.test(value.trim())) return "<age>";
  return normaliseText(value, opts);
}
