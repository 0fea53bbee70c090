/**
 * Discovery: every built-in resource the simulation serves, with the API versions served by
 * each Kubernetes minor version. `removedIn` is the first minor that no longer serves that
 * group/version (from the upstream deprecation guide); `since` the first that does.
 */
import { joinApiVersion } from "./object.ts";

export interface ServedVersion {
  version: string;
  since?: number;
  removedIn?: number;
}

export interface ResourceType {
  group: string;
  /** Versions in preference order (the first one served is the preferred version). */
  versions: ServedVersion[];
  kind: string;
  /** Plural, lowercase: the REST resource name. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Minor versions in which the whole resource exists (e.g. EndpointSlice since 1.17). */
  since?: number;
  /** Served from a CustomResourceDefinition rather than built in. */
  custom?: boolean;
}

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const NO_COLLECTION = ["create", "delete", "get", "list", "patch", "update", "watch"];
/** Groups whose v1beta1 was still served in 1.21 and removed in 1.22. */
const V1_BETA1_UNTIL_22: ServedVersion[] = [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }];
/** flowcontrol.apiserver.k8s.io: v1beta1 1.20-1.25, v1beta2 1.23-1.28, v1beta3 1.26-1.31, v1 from 1.29. */
const FLOWCONTROL_VERSIONS: ServedVersion[] = [
  { version: "v1", since: 29 },
  { version: "v1beta3", since: 26, removedIn: 32 },
  { version: "v1beta2", since: 23, removedIn: 29 },
  { version: "v1beta1", removedIn: 26 },
];

function r(
  group: string,
  versions: ServedVersion[] | string,
  kind: string,
  resource: string,
  namespaced: boolean,
  shortNames: string[] = [],
  categories: string[] = [],
  verbs: string[] = ALL_VERBS,
): ResourceType {
  const vs = typeof versions === "string" ? [{ version: versions }] : versions;
  return {
    group,
    versions: vs,
    kind,
    resource,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    categories,
    verbs,
  };
}

export const RESOURCE_TYPES: ResourceType[] = [
  // core/v1
  r("", "v1", "Binding", "bindings", true, [], [], ["create"]),
  r("", "v1", "ComponentStatus", "componentstatuses", false, ["cs"], [], ["get", "list"]),
  r("", "v1", "ConfigMap", "configmaps", true, ["cm"]),
  r("", "v1", "Endpoints", "endpoints", true, ["ep"]),
  r("", "v1", "Event", "events", true, ["ev"]),
  r("", "v1", "LimitRange", "limitranges", true, ["limits"]),
  r("", "v1", "Namespace", "namespaces", false, ["ns"], [], NO_COLLECTION),
  r("", "v1", "Node", "nodes", false, ["no"]),
  r("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"]),
  r("", "v1", "PersistentVolume", "persistentvolumes", false, ["pv"]),
  r("", "v1", "Pod", "pods", true, ["po"], ["all"]),
  r("", "v1", "PodTemplate", "podtemplates", true),
  r("", "v1", "ReplicationController", "replicationcontrollers", true, ["rc"], ["all"]),
  r("", "v1", "ResourceQuota", "resourcequotas", true, ["quota"]),
  r("", "v1", "Secret", "secrets", true),
  r("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"]),
  r("", "v1", "Service", "services", true, ["svc"], ["all"], NO_COLLECTION.concat().sort()),
  // admissionregistration
  r(
    "admissionregistration.k8s.io",
    [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }],
    "MutatingWebhookConfiguration",
    "mutatingwebhookconfigurations",
    false,
    [],
    ["api-extensions"],
  ),
  r(
    "admissionregistration.k8s.io",
    [{ version: "v1", since: 30 }],
    "ValidatingAdmissionPolicy",
    "validatingadmissionpolicies",
    false,
    [],
    ["api-extensions"],
  ),
  r(
    "admissionregistration.k8s.io",
    [{ version: "v1", since: 30 }],
    "ValidatingAdmissionPolicyBinding",
    "validatingadmissionpolicybindings",
    false,
    [],
    ["api-extensions"],
  ),
  r(
    "admissionregistration.k8s.io",
    [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }],
    "ValidatingWebhookConfiguration",
    "validatingwebhookconfigurations",
    false,
    [],
    ["api-extensions"],
  ),
  // apiextensions
  r(
    "apiextensions.k8s.io",
    [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }],
    "CustomResourceDefinition",
    "customresourcedefinitions",
    false,
    ["crd", "crds"],
    ["api-extensions"],
  ),
  r(
    "apiregistration.k8s.io",
    [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }],
    "APIService",
    "apiservices",
    false,
    [],
    ["api-extensions"],
  ),
  // apps
  r("apps", "v1", "ControllerRevision", "controllerrevisions", true),
  r("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], ["all"]),
  r("apps", "v1", "Deployment", "deployments", true, ["deploy"], ["all"]),
  r("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], ["all"]),
  r("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], ["all"]),
  // authentication / authorization
  r(
    "authentication.k8s.io",
    [{ version: "v1", since: 28 }],
    "SelfSubjectReview",
    "selfsubjectreviews",
    false,
    [],
    [],
    ["create"],
  ),
  r("authentication.k8s.io", V1_BETA1_UNTIL_22, "TokenReview", "tokenreviews", false, [], [], ["create"]),
  r(
    "authorization.k8s.io",
    V1_BETA1_UNTIL_22,
    "LocalSubjectAccessReview",
    "localsubjectaccessreviews",
    true,
    [],
    [],
    ["create"],
  ),
  r(
    "authorization.k8s.io",
    V1_BETA1_UNTIL_22,
    "SelfSubjectAccessReview",
    "selfsubjectaccessreviews",
    false,
    [],
    [],
    ["create"],
  ),
  r(
    "authorization.k8s.io",
    V1_BETA1_UNTIL_22,
    "SelfSubjectRulesReview",
    "selfsubjectrulesreviews",
    false,
    [],
    [],
    ["create"],
  ),
  r(
    "authorization.k8s.io",
    V1_BETA1_UNTIL_22,
    "SubjectAccessReview",
    "subjectaccessreviews",
    false,
    [],
    [],
    ["create"],
  ),
  // autoscaling
  r(
    "autoscaling",
    [
      { version: "v2", since: 23 },
      { version: "v1" },
      { version: "v2beta1", removedIn: 25 },
      { version: "v2beta2", removedIn: 26 },
    ],
    "HorizontalPodAutoscaler",
    "horizontalpodautoscalers",
    true,
    ["hpa"],
    ["all"],
  ),
  // batch
  r("batch", [{ version: "v1" }, { version: "v1beta1", removedIn: 25 }], "CronJob", "cronjobs", true, ["cj"], ["all"]),
  r("batch", "v1", "Job", "jobs", true, [], ["all"]),
  // certificates
  r(
    "certificates.k8s.io",
    [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }],
    "CertificateSigningRequest",
    "certificatesigningrequests",
    false,
    ["csr"],
  ),
  // coordination
  r("coordination.k8s.io", V1_BETA1_UNTIL_22, "Lease", "leases", true),
  // discovery
  r(
    "discovery.k8s.io",
    [{ version: "v1" }, { version: "v1beta1", removedIn: 25 }],
    "EndpointSlice",
    "endpointslices",
    true,
  ),
  // events
  r("events.k8s.io", [{ version: "v1" }, { version: "v1beta1", removedIn: 25 }], "Event", "events", true, ["ev"]),
  // extensions (1.21 still serves Ingress here)
  r("extensions", [{ version: "v1beta1", removedIn: 22 }], "Ingress", "ingresses", true, ["ing"]),
  // flowcontrol
  r("flowcontrol.apiserver.k8s.io", FLOWCONTROL_VERSIONS, "FlowSchema", "flowschemas", false),
  r(
    "flowcontrol.apiserver.k8s.io",
    FLOWCONTROL_VERSIONS,
    "PriorityLevelConfiguration",
    "prioritylevelconfigurations",
    false,
  ),
  // networking
  r(
    "networking.k8s.io",
    [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }],
    "IngressClass",
    "ingressclasses",
    false,
  ),
  r("networking.k8s.io", [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }], "Ingress", "ingresses", true, [
    "ing",
  ]),
  r("networking.k8s.io", [{ version: "v1", since: 33 }], "IPAddress", "ipaddresses", false, ["ip"]),
  r("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"]),
  r("networking.k8s.io", [{ version: "v1", since: 33 }], "ServiceCIDR", "servicecidrs", false),
  // node
  r("node.k8s.io", [{ version: "v1" }, { version: "v1beta1", removedIn: 25 }], "RuntimeClass", "runtimeclasses", false),
  // policy
  r(
    "policy",
    [{ version: "v1" }, { version: "v1beta1", removedIn: 25 }],
    "PodDisruptionBudget",
    "poddisruptionbudgets",
    true,
    ["pdb"],
  ),
  r("policy", [{ version: "v1beta1", removedIn: 25 }], "PodSecurityPolicy", "podsecuritypolicies", false, ["psp"]),
  // rbac
  ...["ClusterRoleBinding", "ClusterRole", "RoleBinding", "Role"].map((kind) =>
    r(
      "rbac.authorization.k8s.io",
      [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }],
      kind,
      `${kind.toLowerCase()}s`,
      !kind.startsWith("Cluster"),
    ),
  ),
  // scheduling
  r(
    "scheduling.k8s.io",
    [{ version: "v1" }, { version: "v1beta1", removedIn: 22 }],
    "PriorityClass",
    "priorityclasses",
    false,
    ["pc"],
  ),
  // storage
  r("storage.k8s.io", V1_BETA1_UNTIL_22, "CSIDriver", "csidrivers", false),
  r("storage.k8s.io", V1_BETA1_UNTIL_22, "CSINode", "csinodes", false),
  // CSIStorageCapacity: storage.k8s.io/v1beta1 from 1.21, v1 from 1.24.
  r(
    "storage.k8s.io",
    [
      { version: "v1", since: 24 },
      { version: "v1beta1", since: 21, removedIn: 27 },
    ],
    "CSIStorageCapacity",
    "csistoragecapacities",
    true,
  ),
  r("storage.k8s.io", V1_BETA1_UNTIL_22, "StorageClass", "storageclasses", false, ["sc"]),
  r("storage.k8s.io", V1_BETA1_UNTIL_22, "VolumeAttachment", "volumeattachments", false),
];

for (const t of RESOURCE_TYPES) {
  if (t.kind === "Endpoints") t.singular = "endpoints";
}

export function servedVersions(t: ResourceType, minor: number): readonly string[] {
  // Asked on every lookup of a preferred version; a type's answer per minor never changes.
  let byMinor = served.get(t);
  if (byMinor === undefined) {
    byMinor = new Map();
    served.set(t, byMinor);
  }
  let versions = byMinor.get(minor);
  if (versions === undefined) {
    versions = Object.freeze(
      t.since !== undefined && minor < t.since
        ? []
        : t.versions
            .filter(
              (v) => (v.since === undefined || minor >= v.since) && (v.removedIn === undefined || minor < v.removedIn),
            )
            .map((v) => v.version),
    );
    byMinor.set(minor, versions);
  }
  return versions;
}

const served = new WeakMap<ResourceType, Map<number, readonly string[]>>();

/** Discovery's indexes of the built-in types one minor serves. */
interface Indexes {
  types: ResourceType[];
  /** apiVersion -> kind -> type. */
  byGvk: Map<string, Map<string, ResourceType>>;
  byGroupResource: Map<string, ResourceType>;
  byStorage: Map<string, ResourceType>;
}

/** Built once per minor; each cluster's Discovery starts from copies of them. */
const builtIn = new Map<number, Indexes>();

function builtInIndexes(minor: number): Indexes {
  let ix = builtIn.get(minor);
  if (ix === undefined) {
    ix = { types: [], byGvk: new Map(), byGroupResource: new Map(), byStorage: new Map() };
    const byGvk = ix.byGvk;
    const kindsFor = (apiVersion: string) => {
      let kinds = byGvk.get(apiVersion);
      if (kinds === undefined) {
        kinds = new Map();
        byGvk.set(apiVersion, kinds);
      }
      return kinds;
    };
    for (const t of RESOURCE_TYPES) if (servedVersions(t, minor).length > 0) addToIndexes(ix, t, minor, kindsFor);
    builtIn.set(minor, ix);
  }
  return ix;
}

function addToIndexes(
  ix: Indexes,
  t: ResourceType,
  minor: number,
  kindsFor: (apiVersion: string) => Map<string, ResourceType>,
): void {
  ix.types.push(t);
  for (const v of servedVersions(t, minor)) kindsFor(joinApiVersion(t.group, v)).set(t.kind, t);
  ix.byGroupResource.set(`${t.resource}.${t.group}`, t);
  // One resource served by several groups (Ingress in 1.21) is stored in the non-legacy one.
  const key = storageKey(t);
  const held = ix.byStorage.get(key);
  if (!held || (held.group === "extensions" && t.group !== "extensions")) ix.byStorage.set(key, t);
}

/** The resource types served by one Kubernetes minor version, with lookup indexes. */
export class Discovery {
  private readonly ix: Indexes;
  /** apiVersions whose kinds map is this cluster's own (the others are shared with builtIn). */
  private readonly ownKinds = new Set<string>();

  constructor(readonly minor: number) {
    const base = builtInIndexes(minor);
    this.ix = {
      types: base.types.slice(),
      byGvk: new Map(base.byGvk),
      byGroupResource: new Map(base.byGroupResource),
      byStorage: new Map(base.byStorage),
    };
  }

  get types(): ResourceType[] {
    return this.ix.types;
  }

  /** Serves a custom resource (a CustomResourceDefinition became Established), replacing an older definition. */
  addCustom(t: ResourceType): void {
    this.removeCustom(t.group, t.resource);
    addToIndexes(this.ix, t, this.minor, (apiVersion) => this.writableKinds(apiVersion));
  }

  /** The kinds served at apiVersion, as a map of this cluster's own (copied from builtIn on first write). */
  private writableKinds(apiVersion: string): Map<string, ResourceType> {
    const kinds = this.ix.byGvk.get(apiVersion);
    if (kinds !== undefined && this.ownKinds.has(apiVersion)) return kinds;
    const own = new Map(kinds);
    this.ix.byGvk.set(apiVersion, own);
    this.ownKinds.add(apiVersion);
    return own;
  }

  removeCustom(group: string, resource: string): void {
    const types = this.ix.types;
    const i = types.findIndex((x) => x.custom && x.group === group && x.resource === resource);
    if (i < 0) return;
    const [t] = types.splice(i, 1);
    for (const [apiVersion, kinds] of [...this.ix.byGvk]) {
      if (kinds.get(t.kind) === t) this.writableKinds(apiVersion).delete(t.kind);
    }
    this.ix.byGroupResource.delete(`${t.resource}.${t.group}`);
    this.ix.byStorage.delete(storageKey(t));
  }

  /** The type serving `kind` at `apiVersion`, or undefined when this version does not serve it. */
  forKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.ix.byGvk.get(apiVersion)?.get(kind);
  }

  forGroupResource(group: string, resource: string): ResourceType | undefined {
    return this.ix.byGroupResource.get(`${resource}.${group}`);
  }

  /** The preferred type stored under a store key (`pods`, `deployments.apps`). */
  forStorage(key: string): ResourceType | undefined {
    return this.ix.byStorage.get(key);
  }

  preferredVersion(t: ResourceType): string {
    return servedVersions(t, this.minor)[0];
  }

  preferredApiVersion(t: ResourceType): string {
    return joinApiVersion(t.group, this.preferredVersion(t));
  }

  /** Every group/version this version serves, as `kubectl api-versions` lists them. */
  groupVersions(): string[] {
    const out = new Set<string>();
    for (const t of this.types) for (const v of servedVersions(t, this.minor)) out.add(joinApiVersion(t.group, v));
    return [...out];
  }
}

/** `pods`, `deployments.apps`: how errors and RBAC name a resource. */
export function qualifiedResource(t: ResourceType): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

/** Where one object lives in the store. */
export function storageKey(t: ResourceType): string {
  let key = storageKeys.get(t);
  if (key === undefined) {
    // Ingress is one resource served by two groups in 1.21; it is stored once.
    key = t.kind === "Ingress" ? "ingresses.networking.k8s.io" : t.kind === "Event" ? "events" : qualifiedResource(t);
    storageKeys.set(t, key);
  }
  return key;
}

/** Every write and lookup asks; the answer is built once per type. */
const storageKeys = new WeakMap<ResourceType, string>();
