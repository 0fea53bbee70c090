import { describe, expect, it } from "vitest";
import { type Case, expectCases, lines } from "./helpers.ts";

const DEPLOY = ["kubectl create deployment web --image=nginx"];
const POD = lines(
  "apiVersion: v1",
  "kind: Pod",
  "metadata:",
  "  name: web",
  "  labels:",
  "    app: web",
  "spec:",
  "  containers:",
  "  - name: web",
  "    image: nginx",
);

const CM = lines("apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: cfg", "data:", "  a: one");

const cases: Case[] = [
  {
    name: "patch strategic",
    setup: DEPLOY,
    command: `kubectl patch deployment web -p '{"spec":{"replicas":2}}'`,
    stdout: "deployment.apps/web patched\n",
  },
  {
    name: "patch that changes nothing",
    setup: DEPLOY,
    command: `kubectl patch deployment web -p '{"spec":{"replicas":1}}'`,
    stdout: "deployment.apps/web patched (no change)\n",
  },
  {
    name: "patch accepts YAML and merges containers by name",
    setup: DEPLOY,
    command: `kubectl patch deploy web -p 'spec: {template: {spec: {containers: [{name: nginx, image: nginx:1.25}]}}}' && kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[*].image}'`,
    stdout: "deployment.apps/web patched\nnginx:1.25",
  },
  {
    name: "patch merge replaces lists",
    setup: DEPLOY,
    command: `kubectl patch deploy web --type merge -p '{"metadata":{"labels":{"tier":"web"}}}'`,
    stdout: "deployment.apps/web patched\n",
  },
  {
    name: "patch json",
    setup: DEPLOY,
    command: `kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]' && kubectl get deploy web -o jsonpath='{.spec.replicas}'`,
    stdout: "deployment.apps/web patched\n3",
  },
  {
    name: "patch json on a missing path",
    setup: DEPLOY,
    command: `kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/nope","value":3}]'`,
    stderr: "The request is invalid: replace operation does not apply: doc is missing key: /spec/nope: missing value\n",
    exitCode: 1,
  },
  {
    name: "patch with an unknown type",
    setup: DEPLOY,
    command: `kubectl patch deploy web --type=xml -p '{}'`,
    stderr: 'error: --type must be one of [json merge strategic], not "xml"\n',
    exitCode: 1,
  },
  {
    name: "patch without a patch",
    setup: DEPLOY,
    command: "kubectl patch deploy web",
    stderr: "error: must specify --patch or --patch-file containing the contents of the patch\n",
    exitCode: 1,
  },
  {
    name: "patch of a missing object",
    command: `kubectl patch pod nope -p '{"metadata":{"labels":{"a":"b"}}}'`,
    stderr: 'Error from server (NotFound): pods "nope" not found\n',
    exitCode: 1,
  },
  {
    name: "replace a config map",
    files: { "cm.yaml": CM },
    setup: ["kubectl create -f cm.yaml"],
    command: "sed -i s/one/two/ cm.yaml && kubectl replace -f cm.yaml && kubectl get cm cfg -o jsonpath='{.data.a}'",
    stdout: "configmap/cfg replaced\ntwo",
  },
  {
    name: "replace a pod with its manifest hits the pod update rules, as on a real cluster",
    files: { "pod.yaml": POD },
    setup: ["kubectl create -f pod.yaml"],
    command: "kubectl replace -f pod.yaml 2>&1 | head -1",
    stdout: 'The Pod "web" is invalid: \n',
  },
  {
    name: "replace of a missing object names the file",
    files: { "pod.yaml": POD },
    command: "kubectl replace -f pod.yaml",
    stderr: 'Error from server (NotFound): error when replacing "pod.yaml": pods "web" not found\n',
    exitCode: 1,
  },
  {
    name: "replace --force deletes and recreates",
    files: { "pod.yaml": POD },
    setup: ["kubectl create -f pod.yaml"],
    command: "kubectl replace --force -f pod.yaml",
    stdout: 'pod "web" deleted\npod/web replaced\n',
  },
  {
    name: "replace without a file",
    command: "kubectl replace",
    stderr: "error: Must specify --filename to replace\nSee 'kubectl replace -h' for help and examples\n",
    exitCode: 1,
  },
  {
    name: "scale a deployment",
    setup: DEPLOY,
    command: "kubectl scale deployment web --replicas=3",
    stdout: "deployment.apps/web scaled\n",
  },
  {
    name: "scale with a failing precondition",
    setup: DEPLOY,
    command: "kubectl scale deployment web --replicas=3 --current-replicas=2",
    stderr: "error: Expected replicas to be 2, was 1\n",
    exitCode: 1,
  },
  {
    name: "scale to a negative count",
    setup: DEPLOY,
    command: "kubectl scale deployment web --replicas=-1",
    stderr: "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
    exitCode: 1,
  },
  {
    name: "scale a missing deployment",
    command: "kubectl scale deployment nope --replicas=2",
    stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    exitCode: 1,
  },
  {
    name: "scale without --replicas",
    setup: DEPLOY,
    command: "kubectl scale deployment web",
    stderr: 'error: required flag(s) "replicas" not set\n',
    exitCode: 1,
  },
];

describe("kubectl patch, replace and scale", () => {
  expectCases(it, expect, cases);
});
