import { describe, expect, it } from "vitest";
import { type Case, expectChecks, type World } from "./helpers.ts";

const w: World = { commands: ["kubectl create deployment web --image=nginx", "kubectl get deploy"] };
const yes = { kind: "command", pattern: "create deployment" } as const;
const no = { kind: "command", pattern: "kubectl edit" } as const;
const no2 = { kind: "command", pattern: "kubectl patch" } as const;

const cases: Case[] = [
  {
    name: "all passes with every explanation",
    world: w,
    check: { kind: "all", checks: [yes, { kind: "resource", resource: "deploy", name: "web" }] },
    passed: true,
    explanation:
      '1 command matched /create deployment/: kubectl create deployment web --image=nginx; deployment "web" exists in namespace default',
  },
  {
    name: "all fails with only the failing parts",
    world: w,
    check: { kind: "all", checks: [yes, no] },
    passed: false,
    explanation: "no command matched /kubectl edit/ (2 commands were run); expected at least 1",
  },
  {
    name: "any passes with the first passing part",
    world: w,
    check: { kind: "any", checks: [no, yes] },
    passed: true,
    explanation: "1 command matched /create deployment/: kubectl create deployment web --image=nginx",
  },
  {
    name: "any fails with every alternative",
    world: w,
    check: { kind: "any", checks: [no, no2] },
    passed: false,
    explanation:
      "none of the alternatives holds: no command matched /kubectl edit/ (2 commands were run); expected at least 1; no command matched /kubectl patch/ (2 commands were run); expected at least 1",
  },
  {
    name: "not fails explaining why the inner check passed",
    world: w,
    check: { kind: "not", check: { kind: "resource", resource: "deploy", name: "web" } },
    passed: false,
    explanation: 'expected this not to be so, but deployment "web" exists in namespace default',
  },
  {
    name: "not passes with why the inner check failed",
    world: w,
    check: { kind: "not", check: no },
    passed: true,
    explanation: "no command matched /kubectl edit/ (2 commands were run); expected at least 1",
  },
  {
    name: "an unknown kind is the lab's mistake",
    world: w,
    check: { kind: "bogus" } as never,
    passed: false,
    explanation: 'the lab\'s check kind "bogus" is not one the grader knows',
  },
];

describe("all, any and not", () => {
  expectChecks(it, expect, cases);
});
