import { describe, expect, it } from "vitest";
import { type Case, expectCases } from "./cmd/helpers.ts";

// A kubeadm cluster serves no metrics.k8s.io until metrics-server is installed: kubectl top
// stops at discovery, before it looks for the pod or node.
const cases: Case[] = [
  { name: "top pod", command: "kubectl top pod", stderr: "error: Metrics API not available\n", exitCode: 1 },
  {
    name: "top pods in every namespace",
    command: "kubectl top pods -A",
    stderr: "error: Metrics API not available\n",
    exitCode: 1,
  },
  {
    name: "top node by name, even one that does not exist",
    command: "kubectl top node nope",
    stderr: "error: Metrics API not available\n",
    exitCode: 1,
  },
  {
    name: "an unknown flag is rejected first",
    command: "kubectl top no --bogus",
    stderr: "error: unknown flag: --bogus\nSee 'kubectl top node --help' for usage.\n",
    exitCode: 1,
  },
  {
    name: "a real kubectl command the simulation does not emulate says so",
    command: "kubectl port-forward svc/web 8080:80",
    stderr: 'error: "kubectl port-forward" is not simulated by labgrader\n',
    exitCode: 1,
  },
  {
    name: "a command kubectl does not have is unknown, with cobra's suggestions",
    command: "kubectl tpo",
    stderr: 'error: unknown command "tpo" for "kubectl"\n\nDid you mean this?\n\ttop\n\tcp\n',
    exitCode: 1,
  },
];

describe("kubectl top and commands outside the simulation", () => {
  expectCases(it, expect, cases);
});
