import { expect, it, describe as suite } from "vitest";
import { type DescribeContext, describe } from "../../../../src/cli/kubectl/describe/index.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import { ago, NOW, nodePortService, webEndpoints } from "../printers/fixtures.ts";

const lines = (...ls: string[]): string => `${ls.join("\n")}\n`;
const ctx = (minor: number, store: Record<string, KObject[]> = {}): DescribeContext => ({
  now: NOW,
  minor,
  list: (r, ns) => (store[r] ?? []).filter((o) => !ns || o.metadata.namespace === ns),
  events: () => [],
});

suite("configmaps and secrets", () => {
  const cm: KObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "game", namespace: "default", creationTimestamp: ago(60) },
    data: { lives: "3", "ui.properties": "color=blue\n" },
  };
  it("1.21 prints each key, its dashes and its value", () => {
    expect(describe(cm, ctx(21))).toBe(
      lines(
        "Name:         game",
        "Namespace:    default",
        "Labels:       <none>",
        "Annotations:  <none>",
        "",
        "Data",
        "====",
        "lives:",
        "----",
        "3",
        "ui.properties:",
        "----",
        "color=blue",
        "",
        "",
        "BinaryData",
        "====",
        "",
        "Events:  <none>",
      ),
    );
  });
  it("1.31 and later separate entries with a blank line", () => {
    expect(describe(cm, ctx(33))).toContain("lives:\n----\n3\n\nui.properties:");
  });

  it("a secret shows sizes, not values", () => {
    const secret: KObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: "default", creationTimestamp: ago(60) },
      type: "Opaque",
      data: { password: Buffer.from("s3cret!").toString("base64"), user: Buffer.from("admin").toString("base64") },
    };
    expect(describe(secret, ctx(33))).toBe(
      lines(
        "Name:         db",
        "Namespace:    default",
        "Labels:       <none>",
        "Annotations:  <none>",
        "",
        "Type:  Opaque",
        "",
        "Data",
        "====",
        "password:  7 bytes",
        "user:      5 bytes",
      ),
    );
  });
});

suite("service accounts and RBAC", () => {
  it("1.21 lists the legacy token secret as mountable and as a token", () => {
    const sa: KObject = {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "default", namespace: "default", uid: "u-sa", creationTimestamp: ago(60) },
      secrets: [{ name: "default-token-x7k2p" }],
    };
    const token: KObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "default-token-x7k2p",
        namespace: "default",
        annotations: { "kubernetes.io/service-account.name": "default", "kubernetes.io/service-account.uid": "u-sa" },
      },
      type: "kubernetes.io/service-account-token",
    };
    expect(describe(sa, ctx(21, { secrets: [token] }))).toBe(
      lines(
        "Name:                default",
        "Namespace:           default",
        "Labels:              <none>",
        "Annotations:         <none>",
        "Image pull secrets:  <none>",
        "Mountable secrets:   default-token-x7k2p",
        "Tokens:              default-token-x7k2p",
        "Events:              <none>",
      ),
    );
  });

  it("a role's rules are broken down per resource and compacted", () => {
    const role: KObject = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "pod-reader", namespace: "default", creationTimestamp: ago(60) },
      rules: [
        { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list"] },
        { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] },
      ],
    };
    expect(describe(role, ctx(33))).toBe(
      lines(
        "Name:         pod-reader",
        "Labels:       <none>",
        "Annotations:  <none>",
        "PolicyRule:",
        "  Resources         Non-Resource URLs  Resource Names  Verbs",
        "  ---------         -----------------  --------------  -----",
        "  pods              []                 []              [get list]",
        "  pods/log          []                 []              [get list]",
        "  deployments.apps  []                 []              [get]",
      ),
    );
  });

  it("a role binding lists its subjects", () => {
    const rb: KObject = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "read-pods", namespace: "default", creationTimestamp: ago(60) },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
      subjects: [{ kind: "ServiceAccount", name: "robot", namespace: "default" }],
    };
    expect(describe(rb, ctx(21))).toBe(
      lines(
        "Name:         read-pods",
        "Labels:       <none>",
        "Annotations:  <none>",
        "Role:",
        "  Kind:  Role",
        "  Name:  pod-reader",
        "Subjects:",
        "  Kind            Name   Namespace",
        "  ----            ----   ---------",
        "  ServiceAccount  robot  default",
      ),
    );
  });
});

suite("ingress", () => {
  const ing: KObject = {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "web", namespace: "default", uid: "u-ing", creationTimestamp: ago(60) },
    spec: {
      rules: [
        {
          http: {
            paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }],
          },
        },
      ],
    },
  };
  const store = { services: [nodePortService], endpoints: [webEndpoints] };

  it("1.21 falls back to kube-system's default-http-backend", () => {
    expect(describe(ing, ctx(21, store))).toBe(
      lines(
        "Name:             web",
        "Namespace:        default",
        "Address:          ",
        'Default backend:  default-http-backend:80 (<error: endpoints "default-http-backend" not found>)',
        "Rules:",
        "  Host        Path  Backends",
        "  ----        ----  --------",
        "  *           ",
        "              /   web:80 (10.244.1.5:80,10.244.2.7:80,10.244.3.4:80)",
        "Annotations:  <none>",
        "Events:       <none>",
      ),
    );
  });
});

suite("pod disruption budgets", () => {
  it("shows the budget and its status", () => {
    const pdb: KObject = {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "web-pdb", namespace: "default", uid: "u-pdb", creationTimestamp: ago(60) },
      spec: { minAvailable: 2, selector: { matchLabels: { app: "web" } } },
      status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
    };
    expect(describe(pdb, ctx(33))).toBe(
      lines(
        "Name:           web-pdb",
        "Namespace:      default",
        "Min available:  2",
        "Selector:       app=web",
        "Status:",
        "    Allowed disruptions:  1",
        "    Current:              3",
        "    Desired:              2",
        "    Total:                3",
        "Events:                   <none>",
      ),
    );
  });
});
