/**
 * The independent oracle for `kubectl apply -f <file>` of a textbook manifest on a fresh
 * default cluster. It never runs the simulation: it derives what kubectl prints from the
 * corpus index's per-document data (apiVersion, kind, name, namespace) with tables written
 * from upstream sources, plus a commented table of per-file special cases.
 *
 * How kubectl 1.21 / 1.33 `apply` reaches its output (staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go,
 * pkg/resource/{builder,visitor,mapper}.go, pkg/cmd/util/helpers.go):
 * 1. The builder reads the file document by document (ContinueOnError). A YAML error ends the
 *    file (`error parsing f: error converting YAML to JSON: yaml: ...`); schema validation of a
 *    document (client-side in 1.21; in 1.33 only the apiVersion/kind check) ends the file
 *    (`error validating "f": error validating data: ...`); a kind the server does not serve is a
 *    mapping error for that document only (1.21: `unable to recognize "f": no matches for kind
 *    "K" in version "g/v"`; 1.26+: `resource mapping not found for name: "n" namespace: "ns"
 *    from "f": no matches for kind "K" in version "g/v"` + `\nensure CRDs are installed first`).
 * 2. apply then GETs and POSTs each mapped document in order; each success prints
 *    `<kind lowercased>[.<group>]/<name> created` on stdout; a deprecated API version makes the
 *    server send a `Warning:` header that kubectl prints on stderr once per distinct text.
 * 3. Errors: builder errors first (as one aggregate), then each failed request's error
 *    (`error when creating "f": ...`). CheckErr prints one error as `error: msg` (or
 *    `Error from server (Reason): msg`, or `The Kind "name" is invalid: field: detail` for
 *    Invalid); several as one line each, plain messages without the `error: ` prefix. Exit 1.
 */

export interface CorpusDocument {
  apiVersion?: string | null;
  kind?: string | null;
  name?: string | null;
  namespace?: string;
  servedIn1_29Plus?: boolean | "n/a" | null;
}

export interface CorpusFile {
  path: string;
  type: "yaml" | "data";
  encoding?: string;
  documents?: CorpusDocument[];
  notes?: string[];
}

export interface Expected {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Set when a document's outcome is not derived: the expectation is incomplete and must not be matched. */
  notDerived?: string;
}

export type Minor = 21 | 33;

/**
 * Built-in API versions by the minor that first serves them and the one that stops
 * (kubernetes.io/docs/reference/using-api/deprecation-guide/ and each release's API groups).
 * Anything else in the corpus (k106.com, monitoring.coreos.com, kubeadm/kubelet config) is not
 * served by a fresh kubeadm cluster, which has no CRDs.
 */
const SERVED: Record<string, { since: number; removedIn?: number }> = {
  "v1/ConfigMap": { since: 0 },
  "v1/LimitRange": { since: 0 },
  "v1/Namespace": { since: 0 },
  "v1/PersistentVolume": { since: 0 },
  "v1/PersistentVolumeClaim": { since: 0 },
  "v1/Pod": { since: 0 },
  "v1/ResourceQuota": { since: 0 },
  "v1/Secret": { since: 0 },
  "v1/Service": { since: 0 },
  "v1/ServiceAccount": { since: 0 },
  "apps/v1/DaemonSet": { since: 9 },
  "apps/v1/Deployment": { since: 9 },
  "apps/v1/ReplicaSet": { since: 9 },
  "apps/v1/StatefulSet": { since: 9 },
  "batch/v1/Job": { since: 0 },
  "batch/v1/CronJob": { since: 21 },
  "batch/v1beta1/CronJob": { since: 8, removedIn: 25 },
  "autoscaling/v2/HorizontalPodAutoscaler": { since: 23 },
  "networking.k8s.io/v1/Ingress": { since: 19 },
  "networking.k8s.io/v1beta1/Ingress": { since: 14, removedIn: 22 },
  "policy/v1beta1/PodDisruptionBudget": { since: 5, removedIn: 25 },
  "rbac.authorization.k8s.io/v1/ClusterRole": { since: 8 },
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": { since: 8 },
  "rbac.authorization.k8s.io/v1/Role": { since: 8 },
  "rbac.authorization.k8s.io/v1/RoleBinding": { since: 8 },
  "rbac.authorization.k8s.io/v1beta1/ClusterRole": { since: 6, removedIn: 22 },
  "rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding": { since: 6, removedIn: 22 },
  "storage.k8s.io/v1/StorageClass": { since: 6 },
  "apiextensions.k8s.io/v1/CustomResourceDefinition": { since: 16 },
  "apiextensions.k8s.io/v1beta1/CustomResourceDefinition": { since: 7, removedIn: 22 },
  "apiregistration.k8s.io/v1beta1/APIService": { since: 7, removedIn: 22 },
  "certificates.k8s.io/v1/CertificateSigningRequest": { since: 19 },
  "certificates.k8s.io/v1beta1/CertificateSigningRequest": { since: 12, removedIn: 22 },
};

/**
 * The API server's deprecation warning (apiserver/pkg/endpoints/deprecation: `<gv> <Kind> is
 * deprecated in v1.D+, unavailable in v1.R+; use <replacement>`), from the
 * `+k8s:prerelease-lifecycle-gen` tags of each type. Only the ones the corpus uses.
 */
const DEPRECATED: Record<string, { deprecatedIn: number; removedIn: number; replacement: string }> = {
  "batch/v1beta1/CronJob": { deprecatedIn: 21, removedIn: 25, replacement: "batch/v1 CronJob" },
  "networking.k8s.io/v1beta1/Ingress": { deprecatedIn: 19, removedIn: 22, replacement: "networking.k8s.io/v1 Ingress" },
  "policy/v1beta1/PodDisruptionBudget": {
    deprecatedIn: 21,
    removedIn: 25,
    replacement: "policy/v1 PodDisruptionBudget",
  },
  "rbac.authorization.k8s.io/v1beta1/ClusterRole": {
    deprecatedIn: 17,
    removedIn: 22,
    replacement: "rbac.authorization.k8s.io/v1 ClusterRole",
  },
  "rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding": {
    deprecatedIn: 17,
    removedIn: 22,
    replacement: "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
  },
  "apiextensions.k8s.io/v1beta1/CustomResourceDefinition": {
    deprecatedIn: 16,
    removedIn: 22,
    replacement: "apiextensions.k8s.io/v1 CustomResourceDefinition",
  },
  "apiregistration.k8s.io/v1beta1/APIService": {
    deprecatedIn: 19,
    removedIn: 22,
    replacement: "apiregistration.k8s.io/v1 APIService",
  },
  "certificates.k8s.io/v1beta1/CertificateSigningRequest": {
    deprecatedIn: 19,
    removedIn: 22,
    replacement: "certificates.k8s.io/v1 CertificateSigningRequest",
  },
};

/** Cluster-scoped kinds among the corpus's (everything else it uses is namespaced). */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "StorageClass",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "APIService",
  "CertificateSigningRequest",
]);

/** The namespaces a fresh kubeadm cluster has. */
const DEFAULT_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

/** What happens to one document, when the generic rules are not the whole story. */
export type DocumentOutcome =
  | { kind: "created" }
  /** The request fails; `error` is what CheckErr prints for it alone (without the newline). */
  | { kind: "request-error"; error: string }
  /** Client-side: the builder stops reading the file at this document. */
  | { kind: "file-error"; error: string }
  /** Upstream prints something we could not derive with confidence (see the test's KNOWN_GAPS). */
  | { kind: "not-derived"; why: string };

export interface SpecialCase {
  /** Why, with the upstream source it was checked against. */
  reason: string;
  /** Per version: document index -> outcome (documents not listed follow the generic rules). */
  outcomes: Partial<Record<Minor, Record<number, DocumentOutcome>>>;
}

const VALIDATE_HINT = "if you choose to ignore these errors, turn validation off with --validate=false";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const KOREAN_HOST = "<여러분이 Nginx 컨트롤러에 접근하기 위한 도메인 이름을 입력합니다>";

const bothVersions = (o: Record<number, DocumentOutcome>): SpecialCase["outcomes"] => ({ 21: o, 33: o });

/**
 * Special cases, keyed by the path inside an edition (both editions share the key when the
 * file behaves the same in both). Each was reasoned from upstream and, where the behaviour is
 * client-side, checked against the real kubectl 1.33 client (which runs these offline).
 */
export const SPECIAL_CASES: Record<string, SpecialCase> = {
  // `maxUnavailable: 1` at column 0 under `spec:` closes the mapping; the indented `selector:`
  // (1-based line 8) is then a key go-yaml's parser cannot place. It reports the token's 0-based
  // line. Checked: the kubectl 1.33 client, `kubectl apply -f simple-pdb-example.yaml` (it fails before any request), prints exactly this;
  // 1.21 uses the same sigs.k8s.io/yaml + go-yaml v2.
  "chapter11-2/simple-pdb-example.yaml": {
    reason: "YAML error, client-side (go-yaml v2 wording and line numbering)",
    outcomes: bothVersions({
      0: {
        kind: "file-error",
        error:
          "error parsing simple-pdb-example.yaml: error converting YAML to JSON: yaml: line 7: did not find expected key",
      },
    }),
  },
  // No apiVersion/kind: the validator's getObjectKind fails before anything else (1.21
  // SchemaValidation and 1.27+ paramVerifyingSchema both start with it). Checked offline with
  // the kubectl 1.33 client.
  "chapter7/kustomization.yaml": {
    reason: "a kustomization file, not an object: validation reports the missing apiVersion and kind",
    outcomes: bothVersions({
      0: {
        kind: "file-error",
        error: `error validating "kustomization.yaml": error validating data: [apiVersion not set, kind not set]; ${VALIDATE_HINT}`,
      },
    }),
  },
  // serviceAccountName: alicek106, which a fresh cluster lacks: the ServiceAccount admission
  // plugin (plugin/pkg/admission/serviceaccount) rejects the pod with Forbidden,
  // "error looking up service account %s/%s: %v".
  "chapter10/sa-pod-python-sdk.yaml": {
    reason: "the pod's ServiceAccount does not exist (ServiceAccount admission)",
    outcomes: bothVersions({
      0: {
        kind: "request-error",
        error:
          'Error from server (Forbidden): error when creating "sa-pod-python-sdk.yaml": pods "k8s-python-sdk" is forbidden: error looking up service account default/alicek106: serviceaccount "alicek106" not found',
      },
    }),
  },
  // spec.request is the literal `<CSR>`; the field is []byte, so the server cannot decode the
  // object. 1.33 decodes with sigs.k8s.io/json (encoding/json's base64 for []byte): byte 0 ('<').
  // 1.21 decodes with json-iterator (1.23 moved to sigs.k8s.io/json), whose base64Codec base64-
  // decodes the raw JSON string bytes (`\u003cCSR\u003e`: byte 0, a backslash, is illegal) and calls
  // Iterator.ReportError with the parser's head just past the string's closing quote:
  //   "%s: %s, error found in #%v byte of ...|%s|..., bigger context ...|%s|..."
  // with head-peekStart (10 here), body[head-10:head+10] and body[head-50:head+50]. Every
  // structFieldDecoder decoded after the error prefixes its Go field name ("Name: "), a slice
  // decoder its type ("[]v1.KeyUsage: "), a struct decoder its type and a dot ("v1.X.") — as
  // upstream issue kubernetes/kubernetes#90239 shows on 1.16:
  //   v1beta1.CertificateSigningRequest.Spec: v1beta1.CertificateSigningRequestSpec.Usages:
  //   []v1beta1.KeyUsage: Request: decode base64: illegal base64 data at input byte 0, ...
  // The body is what kubectl apply POSTs: encoding/json of the object (keys sorted, `<` `>` as
  // \u003c \u003e) carrying the last-applied-configuration annotation in metadata, so the spec
  // reads {"groups":["system:authenticated"],"request":"\u003cCSR\u003e",["signerName":...,]"usages":[...]}
  // and the windows around the head are cut from it by hand below. The deprecated v1beta1 route
  // sends its Warning before the handler decodes anything (AddWarningsHandler).
  "chapter10/alicek106-csr.yaml": {
    reason: "spec.request is not base64 (1.21 serves certificates.k8s.io/v1beta1)",
    outcomes: {
      21: {
        0: {
          kind: "request-error",
          error: `Error from server (BadRequest): error when creating "alicek106-csr.yaml": CertificateSigningRequest in version "v1beta1" cannot be handled as a CertificateSigningRequest: v1beta1.CertificateSigningRequest.Spec: v1beta1.CertificateSigningRequestSpec.Usages: []v1beta1.KeyUsage: Request: decode base64: illegal base64 data at input byte 0, error found in #10 byte of ...|CSR\\u003e","usages":|..., bigger context ...|system:authenticated"],"request":"\\u003cCSR\\u003e","usages":["digital signature","key encipherment",|...`,
        },
      },
    },
  },
  // As above with certificates.k8s.io/v1: signerName follows request, so it wraps too.
  "chapter10/alicek106-csr-k8s-latest.yaml": {
    reason: "spec.request is not base64: the server cannot decode the object",
    outcomes: {
      21: {
        0: {
          kind: "request-error",
          error: `Error from server (BadRequest): error when creating "alicek106-csr-k8s-latest.yaml": CertificateSigningRequest in version "v1" cannot be handled as a CertificateSigningRequest: v1.CertificateSigningRequest.Spec: v1.CertificateSigningRequestSpec.Usages: []v1.KeyUsage: SignerName: Request: decode base64: illegal base64 data at input byte 0, error found in #10 byte of ...|CSR\\u003e","signerNa|..., bigger context ...|system:authenticated"],"request":"\\u003cCSR\\u003e","signerName":"kubernetes.io/kube-apiserver-client|...`,
        },
      },
      33: {
        0: {
          kind: "request-error",
          error:
            'Error from server (BadRequest): error when creating "alicek106-csr-k8s-latest.yaml": CertificateSigningRequest in version "v1" cannot be handled as a CertificateSigningRequest: illegal base64 data at input byte 0',
        },
      },
    },
  },
  // `server: {NFS_SERVICE_IP}` is a YAML flow mapping where a string belongs. 1.21 validates on
  // the client (kube-openapi: `invalid type for <def>.<field>: got "map", expected "string"`);
  // 1.33 leaves it to the server, whose decoder reports encoding/json's UnmarshalTypeError.
  "chapter9/nfs-pod.yaml": {
    reason: "a mapping where the NFS server string belongs",
    outcomes: {
      21: {
        0: {
          kind: "file-error",
          error: `error validating "nfs-pod.yaml": error validating data: ValidationError(Pod.spec.volumes[0].nfs.server): invalid type for io.k8s.api.core.v1.NFSVolumeSource.server: got "map", expected "string"; ${VALIDATE_HINT}`,
        },
      },
      33: {
        0: {
          kind: "request-error",
          error:
            'Error from server (BadRequest): error when creating "nfs-pod.yaml": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field NFSVolumeSource.spec.volumes.nfs.server of type string',
        },
      },
    },
  },
  // The host is a Korean placeholder sentence: networking validation runs IsDNS1123Subdomain on
  // spec.rules[].host (92 bytes, under the 253 limit, so only the regex message). Go's %q keeps
  // printable Unicode as is.
  "chapter8/ingress-rewrite-target-k8s-latest.yaml": {
    reason: "the rule's host is a placeholder sentence, not a DNS name",
    outcomes: bothVersions({
      0: {
        kind: "request-error",
        error: `The Ingress "ingress-example" is invalid: spec.rules[0].host: Invalid value: "${KOREAN_HOST}": ${DNS1123_SUBDOMAIN}`,
      },
    }),
  },
  "chapter8/ingress-rewrite-target.yaml": {
    reason: "the rule's host is a placeholder sentence (1.21 still serves networking.k8s.io/v1beta1)",
    outcomes: {
      21: {
        0: {
          kind: "request-error",
          error: `The Ingress "ingress-example" is invalid: spec.rules[0].host: Invalid value: "${KOREAN_HOST}": ${DNS1123_SUBDOMAIN}`,
        },
      },
    },
  },
  // A restartable (sidecar) init container: Container.restartPolicy exists from 1.28; 1.21's
  // client-side validation does not know the field.
  "chapter11-3/native-init-container.yaml": {
    reason: "initContainers[].restartPolicy is unknown to 1.21",
    outcomes: {
      21: {
        0: {
          kind: "file-error",
          error: `error validating "native-init-container.yaml": error validating data: ValidationError(Pod.spec.initContainers[0]): unknown field "restartPolicy" in io.k8s.api.core.v1.Container; ${VALIDATE_HINT}`,
        },
      },
    },
  },
};

/** The corpus's path without its edition folder: `chapter10/x.yaml`. */
export function editionlessPath(path: string): string {
  return path.slice(path.indexOf("/") + 1);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function isServed(apiVersion: string, kind: string, minor: Minor): boolean {
  const s = SERVED[`${apiVersion}/${kind}`];
  return s !== undefined && minor >= s.since && (s.removedIn === undefined || minor < s.removedIn);
}

function deprecationWarning(apiVersion: string, kind: string, minor: Minor): string | undefined {
  const d = DEPRECATED[`${apiVersion}/${kind}`];
  if (!d || minor < d.deprecatedIn || minor >= d.removedIn) return undefined;
  return `Warning: ${apiVersion} ${kind} is deprecated in v1.${d.deprecatedIn}+, unavailable in v1.${d.removedIn}+; use ${d.replacement}`;
}

function mappingError(doc: CorpusDocument, source: string, minor: Minor): string {
  const noMatch = `no matches for kind "${doc.kind}" in version "${doc.apiVersion}"`;
  if (minor < 26) return `unable to recognize "${source}": ${noMatch}`;
  return `resource mapping not found for name: "${doc.name ?? ""}" namespace: "${doc.namespace ?? ""}" from "${source}": ${noMatch}\nensure CRDs are installed first`;
}

/** One error as CheckErr prints it alone, and as MultipleErrors prints it among others. */
interface OracleError {
  alone: string;
  inList: string;
}

const plain = (msg: string): OracleError => ({ alone: `error: ${msg}`, inList: msg });

/**
 * What `kubectl apply -f <basename>` prints for this corpus file on a fresh default cluster of
 * 1.`minor`.
 */
export function expectedApply(file: CorpusFile, minor: Minor): Expected {
  const source = basename(file.path);
  const special = SPECIAL_CASES[editionlessPath(file.path)]?.outcomes[minor] ?? {};
  const docs = file.documents ?? [];
  const builderErrors: OracleError[] = [];
  const requestErrors: OracleError[] = [];
  const stdout: string[] = [];
  const warnings: string[] = [];
  const namespaces = new Set(DEFAULT_NAMESPACES);

  // Step 1: the builder.
  const mapped: { doc: CorpusDocument; index: number }[] = [];
  for (const [index, doc] of docs.entries()) {
    const o = special[index];
    if (o?.kind === "file-error") {
      builderErrors.push(plain(o.error));
      break;
    }
    if (!doc.apiVersion || !doc.kind) {
      throw new Error(`${file.path} document ${index}: no apiVersion/kind and no special case`);
    }
    if (!isServed(doc.apiVersion, doc.kind, minor)) {
      builderErrors.push(plain(mappingError(doc, source, minor)));
      continue;
    }
    mapped.push({ doc, index });
  }

  // Step 2: one GET + POST per mapped document, in order.
  let notDerived: string | undefined;
  for (const { doc, index } of mapped) {
    const apiVersion = doc.apiVersion as string;
    const kind = doc.kind as string;
    const warning = deprecationWarning(apiVersion, kind, minor);
    if (warning && !warnings.includes(warning)) warnings.push(warning);
    const o = special[index];
    if (o?.kind === "not-derived") {
      notDerived = o.why;
      continue;
    }
    if (o?.kind === "request-error") {
      requestErrors.push({ alone: o.error, inList: inListForm(o.error) });
      continue;
    }
    const namespaced = !CLUSTER_SCOPED.has(kind);
    const ns = namespaced ? (doc.namespace ?? "default") : "";
    if (namespaced && !namespaces.has(ns)) {
      const msg = `Error from server (NotFound): error when creating "${source}": namespaces "${ns}" not found`;
      requestErrors.push({ alone: msg, inList: msg });
      continue;
    }
    if (kind === "Namespace" && doc.name) namespaces.add(doc.name);
    const group = groupOf(apiVersion);
    stdout.push(`${kind.toLowerCase()}${group ? `.${group}` : ""}/${doc.name} created`);
  }

  // Step 3: apply returns errs = [builder error, request errors...]; the builder's several
  // errors are one aggregate, which CheckErr lists line by line when it is alone and prints as
  // Go's aggregate text `[a, b]` when nested among request errors.
  let errorText = "";
  if (requestErrors.length === 0) {
    if (builderErrors.length === 1) errorText = `${builderErrors[0].alone}\n`;
    else errorText = builderErrors.map((e) => `${e.inList}\n`).join("");
  } else {
    const list: string[] = [];
    if (builderErrors.length === 1) list.push(builderErrors[0].inList);
    if (builderErrors.length > 1) list.push(`[${builderErrors.map((e) => e.inList).join(", ")}]`);
    list.push(...requestErrors.map((e) => e.inList));
    errorText = list.length === 1 ? `${requestErrors[0].alone}\n` : list.map((l) => `${l}\n`).join("");
  }
  const stderr = warnings.map((w) => `${w}\n`).join("") + errorText;
  return {
    stdout: stdout.map((l) => `${l}\n`).join(""),
    stderr,
    exitCode: builderErrors.length + requestErrors.length > 0 ? 1 : 0,
    ...(notDerived ? { notDerived } : {}),
  };
}

/**
 * An error printed among others goes through StandardErrorMessage instead of CheckErr's
 * Invalid branch: `Error from server (Invalid): error when creating "f": Kind.group "n" is
 * invalid: ...`. The corpus's request errors are never in a list; keep the single form and let
 * a mismatch show if one ever is.
 */
function inListForm(error: string): string {
  return error;
}
