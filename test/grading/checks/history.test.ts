import { describe, expect, it } from "vitest";
import { type Case, expectChecks, type World } from "./helpers.ts";

const session: World = {
  commands: [
    "kubectl create deployment web --image=nginx --replicas=3",
    "kubectl run solo --image=nginx",
    'kubectl run stuck --image=nginx --overrides=\'{"spec":{"nodeSelector":{"disktype":"ssd"}}}\'',
    "sleep 20",
    "kubectl scale deployment web --replicas=2",
    "kubectl set image deployment/web nginx=nginx:1.25",
    "sleep 30",
    "kubectl delete pod solo",
    "kubectl get pods",
  ],
};

const cases: Case[] = [
  {
    name: "command: a command matching the pattern passes and is quoted",
    world: session,
    check: { kind: "command", pattern: "kubectl\\s+scale" },
    passed: true,
    explanation: "1 command matched /kubectl\\s+scale/: kubectl scale deployment web --replicas=2",
  },
  {
    name: "command: no match says how many commands were run",
    world: session,
    check: { kind: "command", pattern: "kubectl\\s+edit" },
    passed: false,
    explanation: "no command matched /kubectl\\s+edit/ (9 commands were run); expected at least 1",
  },
  {
    name: "command: max 0 forbids a command",
    world: session,
    check: { kind: "command", pattern: "kubectl\\s+scale", max: 0 },
    passed: false,
    explanation: "1 command matched /kubectl\\s+scale/: kubectl scale deployment web --replicas=2; expected at most 0",
  },
  {
    name: "command: min counts occurrences",
    world: session,
    check: { kind: "command", pattern: "^kubectl run", min: 3 },
    passed: false,
    explanation:
      '2 commands matched /^kubectl run/: kubectl run solo --image=nginx, kubectl run stuck --image=nginx --overrides=\'{"spec":{"nodeSelector":{"diskty...; expected at least 3',
  },
  {
    name: "command: an invalid pattern is the lab's mistake",
    world: session,
    check: { kind: "command", pattern: "kubectl (" },
    passed: false,
    explanation:
      "the lab's pattern /kubectl (/ is not a valid regular expression (Invalid regular expression: /kubectl (/: Unterminated group)",
  },
  {
    name: "output: the replayed output of a matching command is searched",
    world: session,
    check: { kind: "output", command: "kubectl get pods", matches: "web-\\S+\\s+1/1\\s+Running" },
    passed: true,
    explanation: "`kubectl get pods` printed output that matches /web-\\S+\\s+1/1\\s+Running/",
  },
  {
    name: "output: text nobody printed fails with how many such commands ran",
    world: session,
    check: { kind: "output", command: "kubectl get pods", contains: "CrashLoopBackOff" },
    passed: false,
    explanation: 'no output of a command matching /kubectl get pods/ contains "CrashLoopBackOff" (1 such command ran)',
  },
  {
    name: "output: a command that was never run",
    world: session,
    check: { kind: "output", command: "kubectl get nodes", contains: "Ready" },
    passed: false,
    explanation: "no command matching /kubectl get nodes/ was run",
  },
  {
    name: "output: without a command every output counts",
    world: session,
    check: { kind: "output", contains: "deployment.apps/web scaled" },
    passed: true,
    explanation:
      '`kubectl scale deployment web --replicas=2` printed output that contains "deployment.apps/web scaled"',
  },
  {
    name: "event: a rollout started by a new image",
    world: session,
    check: { kind: "event", happened: "rollout-started", name: "web" },
    passed: true,
    explanation: "1 rollout of web started during the replay (web revision 2)",
  },
  {
    name: "event: an object deleted by name",
    world: session,
    check: { kind: "event", happened: "object-deleted", resource: "pod", name: "solo" },
    passed: true,
    explanation: "1 pod named solo was deleted during the replay (solo)",
  },
  {
    name: "event: created objects of a kind",
    world: session,
    check: { kind: "event", happened: "object-created", resource: "deployments" },
    passed: true,
    explanation: "1 deployment was created during the replay (web)",
  },
  {
    name: "event: nothing evicted",
    world: session,
    check: { kind: "event", happened: "pod-evicted" },
    passed: false,
    explanation: "no pod was evicted during the replay; expected at least 1",
  },
  {
    name: "event: max alone means it must not have happened",
    world: session,
    check: { kind: "event", happened: "pod-recreated", max: 0 },
    passed: true,
    explanation: "no pod was recreated during the replay",
  },
  {
    name: "event: a Kubernetes event by reason, with its message",
    world: session,
    check: { kind: "event", happened: "event", reason: "FailedScheduling", name: "stuck" },
    passed: true,
    explanation:
      "5 FailedScheduling events for stuck were recorded during the replay (pod/stuck: 0/4 nodes are available: 1 node(s) had untolerated taint ... (5 times))",
  },
];

describe("command, output and event checks", () => {
  expectChecks(it, expect, cases);
});
