import { describe, expect, it } from "vitest";
import { type Case, expectChecks, type World } from "./helpers.ts";

const web: World = {
  commands: [
    "kubectl create deployment web --image=nginx --replicas=3",
    'kubectl run stuck --image=nginx --labels=app=web --overrides=\'{"spec":{"nodeSelector":{"disktype":"ssd"}}}\'',
    "sleep 30",
  ],
};

const cases: Case[] = [
  {
    name: "pods matching a selector, with a condition, pass when enough have it",
    world: web,
    check: { kind: "count", resource: "pods", selector: "app=web", condition: "Ready=True", min: 3 },
    passed: true,
    explanation: "4 pods match app=web, 3 of them Ready",
  },
  {
    name: "too few with the condition fails and says why the others lack it",
    world: web,
    check: { kind: "count", resource: "pods", selector: "app=web", condition: "Ready", equals: 4 },
    passed: false,
    explanation:
      '4 pods match app=web, 3 of them Ready; expected 4 Ready; pod "stuck" is Pending: 0/4 nodes are available: it does not tolerate the taint node-role.kubernetes.io/control-plane, and 3 nodes do not match its nodeSelector disktype=ssd',
  },
  {
    name: "a field selector is applied as the API server applies it",
    world: web,
    check: { kind: "count", resource: "pods", fieldSelector: "status.phase=Pending", equals: 1 },
    passed: true,
    explanation: "1 pod matches status.phase=Pending",
  },
  {
    name: "a field label the kind does not support is the lab's mistake, in the API server's words",
    world: web,
    check: { kind: "count", resource: "pods", fieldSelector: "spec.foo=x", min: 1 },
    passed: false,
    explanation: "the lab's field selector is invalid: field label not supported: spec.foo",
  },
  {
    name: "another namespace is named in the explanation",
    world: web,
    check: { kind: "count", resource: "pods", namespace: "kube-system", selector: "k8s-app=kube-proxy", equals: 4 },
    passed: true,
    explanation: "4 pods in namespace kube-system match k8s-app=kube-proxy",
  },
  {
    name: "cluster-scoped objects are counted without a namespace",
    world: web,
    check: { kind: "count", resource: "nodes", equals: 5 },
    passed: false,
    explanation: "there are 4 nodes; expected 5",
  },
  {
    name: "where matchers filter, and max bounds the count",
    world: web,
    check: { kind: "count", resource: "deployments", where: [{ path: "spec.replicas", gte: 3 }], max: 0 },
    passed: false,
    explanation: "1 deployment matches spec.replicas gte 3; expected at most 0",
  },
  {
    name: "all namespaces with *",
    world: web,
    check: { kind: "count", resource: "deployments", namespace: "*", min: 3 },
    passed: true,
    explanation: "there are 3 deployments in all namespaces",
  },
  {
    name: "no bound means at least one",
    world: web,
    check: { kind: "count", resource: "services", selector: "app=web" },
    passed: false,
    explanation: "0 services match app=web; expected at least 1",
  },
];

describe("count checks", () => {
  expectChecks(it, expect, cases);
});
