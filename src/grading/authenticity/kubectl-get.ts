/**
 * Whether a command is a plain `kubectl get` printing a table, and the resource it names in
 * the words a Kubernetes user knows (`deploy` -> deployment/deployments), so a disagreement
 * reads "lists 3 Running pods" rather than "row 3 differs".
 */

export interface KubectlGet {
  /** The resource types named, as singular/plural nouns: [{ singular: "pod", plural: "pods" }]. */
  resources: Noun[];
}

export interface Noun {
  singular: string;
  plural: string;
}

const FLAGS_WITH_VALUE = new Set([
  "-n",
  "--namespace",
  "--context",
  "--kubeconfig",
  "--cluster",
  "--user",
  "-s",
  "--server",
  "-l",
  "--selector",
  "-L",
  "--label-columns",
  "--field-selector",
  "--sort-by",
  "--request-timeout",
  "-v",
  "-o",
  "--output",
]);

/** `kubectl get pods -o wide` -> pods; undefined for other commands, pipes and non-table output. */
export function kubectlGet(command: string): KubectlGet | undefined {
  const line = command.split("\n")[0];
  if (/[|;&<>`$]/.test(line)) return undefined;
  const words = line.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Za-z_]\w*=/.test(words[i])) i++;
  if (words[i] === "sudo") i++;
  if (words[i] !== "kubectl" && words[i] !== "k") return undefined;
  const args: string[] = [];
  let output: string | undefined;
  for (i++; i < words.length; i++) {
    const w = words[i];
    if (w === "-o" || w === "--output") output = words[++i];
    else if (/^-o\S|^--output=/.test(w)) output = w.replace(/^(-o=?|--output=)/, "");
    else if (FLAGS_WITH_VALUE.has(w)) i++;
    else if (!w.startsWith("-")) args.push(w);
  }
  if (args[0] !== "get" || args.length < 2) return undefined;
  if (output !== undefined && output !== "wide") return undefined;
  const types = args[1].includes("/") ? args.slice(1).map((a) => a.split("/")[0]) : args[1].split(",");
  return { resources: types.map(noun) };
}

const NOUNS: Record<string, string> = {
  po: "pod",
  pods: "pod",
  deploy: "deployment",
  deployments: "deployment",
  rs: "replicaset",
  replicasets: "replicaset",
  ds: "daemonset",
  daemonsets: "daemonset",
  sts: "statefulset",
  statefulsets: "statefulset",
  svc: "service",
  services: "service",
  no: "node",
  nodes: "node",
  ns: "namespace",
  namespaces: "namespace",
  cm: "configmap",
  configmaps: "configmap",
  secrets: "secret",
  sa: "serviceaccount",
  serviceaccounts: "serviceaccount",
  pvc: "persistentvolumeclaim",
  persistentvolumeclaims: "persistentvolumeclaim",
  pv: "persistentvolume",
  persistentvolumes: "persistentvolume",
  ing: "ingress",
  ingresses: "ingress",
  ep: "endpoints",
  endpoints: "endpoints",
  ev: "event",
  events: "event",
  pdb: "poddisruptionbudget",
  poddisruptionbudgets: "poddisruptionbudget",
  hpa: "horizontalpodautoscaler",
  horizontalpodautoscalers: "horizontalpodautoscaler",
  jobs: "job",
  cj: "cronjob",
  cronjobs: "cronjob",
  netpol: "networkpolicy",
  networkpolicies: "networkpolicy",
  sc: "storageclass",
  storageclasses: "storageclass",
  roles: "role",
  rolebindings: "rolebinding",
  clusterroles: "clusterrole",
  clusterrolebindings: "clusterrolebinding",
  pc: "priorityclass",
  priorityclasses: "priorityclass",
};

const IRREGULAR_PLURALS: Record<string, string> = {
  endpoints: "endpoints",
  ingress: "ingresses",
  networkpolicy: "networkpolicies",
  priorityclass: "priorityclasses",
  storageclass: "storageclasses",
};

/** `deploy`, `deployments.apps`, `deployment.apps` -> deployment/deployments. */
export function noun(word: string): Noun {
  const base = word.toLowerCase().split(".")[0];
  const singular = NOUNS[base] ?? base;
  return { singular, plural: IRREGULAR_PLURALS[singular] ?? `${singular}s` };
}

export function counted(n: number, what: Noun, adjective?: string): string {
  return `${n} ${adjective ? `${adjective} ` : ""}${n === 1 ? what.singular : what.plural}`;
}
