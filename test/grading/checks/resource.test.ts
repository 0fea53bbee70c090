import { describe, expect, it } from "vitest";
import { type Case, expectChecks, type World } from "./helpers.ts";

const web: World = {
  commands: [
    "kubectl create deployment web --image=nginx:1.25 --replicas=2",
    "kubectl create deployment api --image=httpd",
    "kubectl create namespace dev",
    "kubectl create deployment db --image=redis -n dev",
    "kubectl create deployment web -n dev --image=nginx",
    "kubectl expose deployment web --port=80 --target-port=8080",
    'kubectl run my-pod --image=nginx --overrides=\'{"spec":{"nodeSelector":{"disktype":"ssd"}}}\'',
    "kubectl run broken --image=nginx:nope",
    'kubectl run quota --image=nginx --overrides=\'{"spec":{"containers":[{"name":"quota","image":"nginx","resources":{"limits":{"cpu":"500m","memory":"1Gi"}}}]}}\'',
    "kubectl label deployment web app.kubernetes.io/name=web",
    "sleep 30",
  ],
};

const cases: Case[] = [
  {
    name: "a field with the expected value passes and says what was found",
    world: web,
    check: { kind: "resource", resource: "deployment", name: "web", fields: [{ path: "spec.replicas", equals: 2 }] },
    passed: true,
    explanation: 'deployment "web" exists in namespace default and has spec.replicas 2',
  },
  {
    name: "a field with another value fails with what was found and what was expected",
    world: web,
    check: { kind: "resource", resource: "deploy", name: "web", fields: [{ path: "spec.replicas", equals: 3 }] },
    passed: false,
    explanation: 'deployment "web" has spec.replicas 2; expected 3',
  },
  {
    name: "a missing object lists what is there, and where an object of that name is",
    world: web,
    check: { kind: "resource", resource: "deployments", name: "db" },
    passed: false,
    explanation: 'no deployment named "db" in namespace default (found: api, web); there is one in namespace dev',
  },
  {
    name: "an absent object passes an absence check",
    world: web,
    check: { kind: "resource", resource: "pods", name: "nope", exists: false },
    passed: true,
    explanation: 'no pod named "nope" in namespace default',
  },
  {
    name: "a present object fails an absence check",
    world: web,
    check: { kind: "resource", resource: "deployment", name: "api", exists: false },
    passed: false,
    explanation: 'deployment "api" exists in namespace default; expected it to be absent',
  },
  {
    name: "an index into a list selects one item",
    world: web,
    check: {
      kind: "resource",
      resource: "deployment",
      name: "web",
      fields: [{ path: "spec.template.spec.containers[0].image", equals: "nginx:1.26" }],
    },
    passed: false,
    explanation: 'deployment "web" has spec.template.spec.containers[0].image nginx:1.25; expected nginx:1.26',
  },
  {
    name: "a selector by name selects a list item",
    world: web,
    check: {
      kind: "resource",
      resource: "deployment",
      name: "web",
      fields: [{ path: "spec.template.spec.containers[name=nginx].image", matches: "^nginx:1\\.2[0-9]$" }],
    },
    passed: true,
    explanation:
      'deployment "web" exists in namespace default and has spec.template.spec.containers[name=nginx].image nginx:1.25',
  },
  {
    name: "a star selects every item and any of them may match",
    world: web,
    check: {
      kind: "resource",
      resource: "service",
      name: "web",
      fields: [{ path: "spec.ports[*].targetPort", equals: 8080 }],
    },
    passed: true,
    explanation: 'service "web" exists in namespace default and has spec.ports[*].targetPort 8080',
  },
  {
    name: "a label key with dots is found without quoting",
    world: web,
    check: {
      kind: "resource",
      resource: "deployment",
      name: "web",
      fields: [{ path: "metadata.labels.app.kubernetes.io/name", equals: "web" }],
    },
    passed: true,
    explanation: 'deployment "web" exists in namespace default and has metadata.labels.app.kubernetes.io/name web',
  },
  {
    name: "quantities compare as quantities",
    world: web,
    check: {
      kind: "resource",
      resource: "pod",
      name: "quota",
      fields: [
        { path: "spec.containers[0].resources.limits.cpu", equals: 0.5 },
        { path: "spec.containers[0].resources.limits.memory", gte: "1024Mi", lt: "2Gi" },
      ],
    },
    passed: true,
    explanation:
      'pod "quota" exists in namespace default and has spec.containers[0].resources.limits.cpu 500m, has spec.containers[0].resources.limits.memory 1Gi',
  },
  {
    name: "a missing field says so",
    world: web,
    check: {
      kind: "resource",
      resource: "deployment",
      name: "api",
      fields: [{ path: "spec.template.spec.containers[0].resources.limits.cpu", equals: "500m" }],
    },
    passed: false,
    explanation: 'deployment "api" has no spec.template.spec.containers[0].resources.limits.cpu; expected 500m',
  },
  {
    name: "a pod that cannot be scheduled is explained with the scheduler's reasons in plain words",
    world: web,
    check: { kind: "resource", resource: "pod", name: "my-pod", fields: [{ path: "status.phase", equals: "Running" }] },
    passed: false,
    explanation:
      'pod "my-pod" has status.phase Pending; expected Running; pod "my-pod" is Pending: 0/4 nodes are available: it does not tolerate the taint node-role.kubernetes.io/control-plane, and 3 nodes do not match its nodeSelector disktype=ssd',
  },
  {
    name: "a pod whose image cannot be pulled is explained with the container and image",
    world: web,
    check: { kind: "resource", resource: "pod", name: "broken", fields: [{ path: "status.phase", equals: "Running" }] },
    passed: false,
    explanation:
      /^pod "broken" has status\.phase Pending; expected Running; pod "broken" is Pending with (ErrImagePull|ImagePullBackOff): container broken cannot pull its image nginx:nope$/,
  },
  {
    name: "without a name, any object with the fields passes",
    world: web,
    check: {
      kind: "resource",
      resource: "deployment",
      namespace: "dev",
      fields: [{ path: "spec.template.spec.containers[0].image", contains: "redis" }],
    },
    passed: true,
    explanation: 'deployment "db" has spec.template.spec.containers[0].image redis in namespace dev',
  },
  {
    name: "without a name, each object's value is listed when none matches",
    world: web,
    check: { kind: "resource", resource: "deployment", fields: [{ path: "spec.replicas", gte: 5 }] },
    passed: false,
    explanation:
      "no deployment in namespace default matches: api has spec.replicas 1, web has spec.replicas 2; expected at least 5",
  },
  {
    name: "an unknown resource type is the lab's mistake, said plainly",
    world: web,
    check: { kind: "resource", resource: "widgets", name: "x" },
    passed: false,
    explanation: 'the lab asks about "widgets", but the cluster doesn\'t have a resource type "widgets"',
  },
  {
    name: "a parameter placeholder takes the student's value",
    world: { ...web, params: { replicas: 2, name: "web" } },
    check: {
      kind: "resource",
      resource: "deployment",
      name: "{{name}}",
      fields: [{ path: "spec.replicas", equals: "{{replicas}}" }],
    },
    passed: true,
    explanation: 'deployment "web" exists in namespace default and has spec.replicas 2',
  },
];

describe("resource checks", () => {
  expectChecks(it, expect, cases);
});
