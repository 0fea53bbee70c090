// biome-ignore-all lint/suspicious/noThenProperty: a scenario check's `then` is the lab format's field name (src/grading/types.ts).
import { describe, expect, it } from "vitest";
import { type Case, expectChecks, type World } from "./helpers.ts";

const web: World = {
  commands: ["kubectl create deployment web --image=nginx --replicas=2", "kubectl run solo --image=nginx", "sleep 30"],
};
const twoReady = { kind: "count", resource: "pods", selector: "app=web", condition: "Ready", equals: 2 } as const;

const cases: Case[] = [
  {
    name: "deleted pods of a Deployment are replaced, but not Ready at once",
    world: web,
    check: { kind: "scenario", steps: [{ do: "delete-pods", selector: "app=web" }], then: twoReady },
    passed: false,
    explanation:
      /^after deleting pods web-\S+, web-\S+: 2 pods match app=web, [01] of them Ready; expected 2 Ready; pod "web-\S+" is Pending: container nginx is still being created \(ContainerCreating\)/,
  },
  {
    name: "deleted pods of a Deployment are Ready again 30 seconds later",
    world: web,
    check: {
      kind: "scenario",
      steps: [
        { do: "delete-pods", selector: "app=web" },
        { do: "advance", seconds: 30 },
      ],
      then: twoReady,
    },
    passed: true,
    explanation: /^after deleting pods web-\S+, web-\S+ and waiting 30s: 2 pods match app=web, 2 of them Ready$/,
  },
  {
    name: "a bare pod deleted by name is gone for good",
    world: web,
    check: {
      kind: "scenario",
      steps: [
        { do: "delete-pods", name: "solo" },
        { do: "advance", seconds: 60 },
      ],
      then: { kind: "resource", resource: "pod", name: "solo" },
    },
    passed: false,
    explanation:
      /^after deleting pod solo and waiting 1m: no pod named "solo" in namespace default \(found: web-\S+, web-\S+\)$/,
  },
  {
    name: "a drained node's pods move to other nodes",
    world: web,
    check: {
      kind: "scenario",
      steps: [
        { do: "drain", node: "k8s-w1" },
        { do: "advance", seconds: 30 },
      ],
      then: {
        kind: "all",
        checks: [
          twoReady,
          { kind: "count", resource: "pods", selector: "app=web", fieldSelector: "spec.nodeName=k8s-w1", max: 0 },
        ],
      },
    },
    passed: true,
    explanation:
      "after draining node k8s-w1 and waiting 30s: 2 pods match app=web, 2 of them Ready; 0 pods match app=web and spec.nodeName=k8s-w1",
  },
  {
    name: "a failed perturbation is reported in what was done",
    world: web,
    check: { kind: "scenario", steps: [{ do: "drain", node: "k8s-nope" }], then: twoReady },
    passed: true,
    explanation:
      'after draining node k8s-nope (it failed: Error from server (NotFound): nodes "k8s-nope" not found): 2 pods match app=web, 2 of them Ready',
  },
  {
    name: "a node that does not exist cannot be made NotReady",
    world: web,
    check: { kind: "scenario", steps: [{ do: "node-not-ready", node: "k8s-nope" }], then: twoReady },
    passed: false,
    explanation: 'the grader could not find node k8s-nope: nodes "k8s-nope" not found',
  },
  {
    name: "scaling then waiting",
    world: web,
    check: {
      kind: "scenario",
      steps: [
        { do: "scale", resource: "deployment", name: "web", replicas: 4 },
        { do: "advance", seconds: 30 },
      ],
      then: twoReady,
    },
    passed: false,
    explanation:
      "after scaling deployment web to 4 replicas and waiting 30s: 4 pods match app=web, 4 of them Ready; expected 2 Ready",
  },
  {
    name: "an unreachable node's pods are replaced after the toleration runs out",
    world: web,
    check: {
      kind: "scenario",
      steps: [
        { do: "node-unreachable", node: "k8s-w1" },
        { do: "advance", seconds: 420 },
      ],
      then: {
        kind: "count",
        resource: "pods",
        selector: "app=web",
        condition: "Ready",
        fieldSelector: "spec.nodeName!=k8s-w1",
        equals: 2,
      },
    },
    passed: true,
    explanation:
      "after making node k8s-w1 unreachable and waiting 7m: 2 pods match app=web and spec.nodeName!=k8s-w1, 2 of them Ready",
  },
  {
    name: "a command run by the grader, and a scenario does not change the graded state",
    world: web,
    check: {
      kind: "all",
      checks: [
        {
          kind: "scenario",
          steps: [{ do: "run", command: "kubectl delete deployment web" }],
          then: { kind: "resource", resource: "deployment", name: "web", exists: false },
        },
        { kind: "resource", resource: "deployment", name: "web" },
      ],
    },
    passed: true,
    explanation:
      'after running `kubectl delete deployment web`: no deployment named "web" in namespace default; deployment "web" exists in namespace default',
  },
  {
    name: "a scenario inside a scenario repeats the outer steps on its own fork",
    world: web,
    check: {
      kind: "scenario",
      steps: [{ do: "cordon", node: "k8s-w1" }],
      then: {
        kind: "scenario",
        steps: [
          { do: "delete-pods", selector: "app=web" },
          { do: "advance", seconds: 30 },
        ],
        then: { kind: "count", resource: "pods", selector: "app=web", fieldSelector: "spec.nodeName=k8s-w1", max: 0 },
      },
    },
    passed: true,
    explanation:
      /^after cordoning node k8s-w1: after deleting pods web-\S+, web-\S+ and waiting 30s: 0 pods match app=web and spec.nodeName=k8s-w1$/,
  },
];

describe("scenario checks", () => {
  expectChecks(it, expect, cases);
});
