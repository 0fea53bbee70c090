import { describe, expect, it } from "vitest";
import { type Case, expectCases } from "./helpers.ts";

const DEPLOY = ["kubectl create deployment web --image=nginx"];

const cases: Case[] = [
  {
    name: "set image",
    setup: DEPLOY,
    command: "kubectl set image deployment/web nginx=nginx:1.25",
    stdout: "deployment.apps/web image updated\n",
  },
  {
    name: "set image to the same image prints nothing",
    setup: DEPLOY,
    command: "kubectl set image deployment/web nginx=nginx",
  },
  {
    name: "set image of an unknown container",
    setup: DEPLOY,
    command: "kubectl set image deployment/web app=nginx:1.25",
    stderr: 'error: unable to find container named "app"\n',
    exitCode: 1,
  },
  {
    name: "set env",
    setup: DEPLOY,
    command: "kubectl set env deployment/web MODE=prod",
    stdout: "deployment.apps/web env updated\n",
  },
  {
    name: "set env --list",
    setup: [...DEPLOY, "kubectl set env deployment/web MODE=prod LEVEL=3"],
    command: "kubectl set env deployment/web --list",
    stdout: "# Deployment web, container nginx\nMODE=prod\nLEVEL=3\n",
  },
  {
    name: "set env from a configmap",
    setup: [...DEPLOY, "kubectl create configmap cfg --from-literal=log.level=debug"],
    command: "kubectl set env deployment/web --from=configmap/cfg && kubectl set env deployment/web --list",
    stdout:
      "deployment.apps/web env updated\n# Deployment web, container nginx\n# LOG_LEVEL from configmap cfg, key log.level\n",
  },
  {
    name: "set env KEY- removes",
    setup: [...DEPLOY, "kubectl set env deployment/web MODE=prod"],
    command: "kubectl set env deployment/web MODE- && kubectl set env deployment/web --list",
    stdout: "deployment.apps/web env updated\n# Deployment web, container nginx\n",
  },
  {
    name: "set resources",
    setup: DEPLOY,
    command: "kubectl set resources deployment web --limits=cpu=200m,memory=512Mi",
    stdout: "deployment.apps/web resource requirements updated\n",
  },
  {
    name: "set serviceaccount",
    setup: DEPLOY,
    command: "kubectl set sa deployment web robot",
    stdout: "deployment.apps/web serviceaccount updated\n",
  },
];

describe("kubectl set", () => {
  expectCases(it, expect, cases);
});
