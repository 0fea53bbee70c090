/**
 * Per-namespace defaults that controllers keep in place: the `default` ServiceAccount
 * (service-account controller), the `kube-root-ca.crt` ConfigMap (root-ca-cert-publisher),
 * and, before 1.24, a token Secret for every ServiceAccount (the legacy token controller).
 */
import { encodeBase64, encodeBase64Url } from "../../../core/base64.ts";
import type { Controller } from "../../../core/reconcile.ts";
import { clone, type KObject } from "../../api/object.ts";
import type { ApiServer } from "../../apiserver.ts";

const LEGACY_TOKENS_UNTIL = 24;

export function serviceAccountController(api: ApiServer, caCert: () => string): Controller {
  const store = api.store;
  const saType = api.discovery.forKind("v1", "ServiceAccount")!;
  const cmType = api.discovery.forKind("v1", "ConfigMap")!;
  const secretType = api.discovery.forKind("v1", "Secret")!;
  return {
    name: "serviceaccount",
    watches: {
      namespaces: (e) => (e.type === "DELETED" ? [] : [e.object.metadata.name!]),
      serviceaccounts: (e) => [e.object.metadata.namespace!],
      configmaps: (e) => (e.object.metadata.name === "kube-root-ca.crt" ? [e.object.metadata.namespace!] : []),
      secrets: (e) => (e.type === "DELETED" ? [e.object.metadata.namespace!] : []),
    },
    sync(ns) {
      const namespace = store.get("namespaces", "", ns);
      if (!namespace || namespace.metadata.deletionTimestamp) return;
      if (!store.get("serviceaccounts", ns, "default")) {
        api.create(saType, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: ns } });
      }
      if (!store.get("configmaps", ns, "kube-root-ca.crt")) {
        api.create(cmType, {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "kube-root-ca.crt", namespace: ns },
          data: { "ca.crt": caCert() },
        });
      }
      if (api.minor >= LEGACY_TOKENS_UNTIL) return;
      for (const sa of store.list("serviceaccounts", ns)) {
        const tokens = (sa.secrets ?? []).filter((s: { name: string }) => store.get("secrets", ns, s.name));
        if (tokens.length > 0) continue;
        const secret = tokenSecret(api, sa, caCert());
        const created = api.create(secretType, secret);
        if (!created.ok) continue;
        const updated = clone(sa);
        updated.secrets = [{ name: created.value.metadata.name }];
        api.update(saType, updated);
      }
    },
  };
}

function tokenSecret(api: ApiServer, sa: KObject, ca: string): KObject {
  const ns = sa.metadata.namespace!;
  const name = `${sa.metadata.name}-token-${api.ids.suffix(5)}`;
  const b64 = encodeBase64;
  // A JWT-shaped token: header.payload.signature, deterministic from the seed.
  const header = b64url(JSON.stringify({ alg: "RS256", kid: api.ids.hex(43) }));
  const payload = b64url(
    JSON.stringify({
      iss: "kubernetes/serviceaccount",
      "kubernetes.io/serviceaccount/namespace": ns,
      "kubernetes.io/serviceaccount/secret.name": name,
      "kubernetes.io/serviceaccount/service-account.name": sa.metadata.name,
      "kubernetes.io/serviceaccount/service-account.uid": sa.metadata.uid,
      sub: `system:serviceaccount:${ns}:${sa.metadata.name}`,
    }),
  );
  const token = `${header}.${payload}.${b64url(api.ids.hex(256))}`;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      annotations: {
        "kubernetes.io/service-account.name": sa.metadata.name!,
        "kubernetes.io/service-account.uid": sa.metadata.uid!,
      },
      name,
      namespace: ns,
    },
    data: { "ca.crt": b64(ca), namespace: b64(ns), token: b64(token) },
    type: "kubernetes.io/service-account-token",
  };
}

const b64url = encodeBase64Url;
