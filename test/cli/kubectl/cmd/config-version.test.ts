import { describe, expect, it } from "vitest";
import { type Case, expectCases, lines } from "./helpers.ts";

const VIEW = lines(
  "apiVersion: v1",
  "clusters:",
  "- cluster:",
  "    certificate-authority-data: DATA+OMITTED",
  "    server: https://192.168.0.10:6443",
  "  name: kubernetes",
  "contexts:",
  "- context:",
  "    cluster: kubernetes",
  "    user: kubernetes-admin",
  "  name: kubernetes-admin@kubernetes",
  "current-context: kubernetes-admin@kubernetes",
  "kind: Config",
  "preferences: {}",
  "users:",
  "- name: kubernetes-admin",
  "  user:",
  "    client-certificate-data: REDACTED",
  "    client-key-data: REDACTED",
);

const cases: Case[] = [
  { name: "config view redacts embedded credentials", command: "kubectl config view", stdout: VIEW },
  {
    name: "config current-context",
    command: "kubectl config current-context",
    stdout: "kubernetes-admin@kubernetes\n",
  },
  {
    name: "config get-contexts marks the current one",
    command: "kubectl config get-contexts",
    stdout: lines(
      "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE",
      "*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   ",
    ),
  },
  {
    name: "config set-context --current --namespace changes the default namespace",
    command: "kubectl config set-context --current --namespace=kube-system && kubectl get deploy -o name",
    stdout:
      'Context "kubernetes-admin@kubernetes" modified.\ndeployment.apps/calico-kube-controllers\ndeployment.apps/coredns\n',
  },
  {
    name: "config use-context of a missing context",
    command: "kubectl config use-context nope",
    stderr: 'error: no context exists with the name: "nope"\n',
    exitCode: 1,
  },
  {
    name: "config set-context creates, use-context switches",
    command:
      "kubectl config set-context dev --cluster=kubernetes --user=kubernetes-admin --namespace=dev && kubectl config use-context dev",
    stdout: 'Context "dev" created.\nSwitched to context "dev".\n',
  },
  {
    name: "config rename-context",
    command: "kubectl config rename-context kubernetes-admin@kubernetes admin && kubectl config current-context",
    stdout: 'Context "kubernetes-admin@kubernetes" renamed to "admin".\nadmin\n',
  },
  {
    name: "config delete-context",
    setup: ["kubectl config set-context dev --cluster=kubernetes"],
    command: "kubectl config delete-context dev",
    stdout: "deleted context dev from /root/.kube/config\n",
  },
  { name: "config get-clusters", command: "kubectl config get-clusters", stdout: "NAME\nkubernetes\n" },
  {
    name: "version on 1.21 prints version.Info",
    versions: ["1.21"],
    command: "kubectl version",
    stdout: lines(
      'Client Version: version.Info{Major:"1", Minor:"21", GitVersion:"v1.21.14", GitCommit:"0f77da5bd4809927e15d1658fb4aa8f13ad890a5", GitTreeState:"clean", BuildDate:"2022-06-15T14:17:29Z", GoVersion:"go1.16.15", Compiler:"gc", Platform:"linux/amd64"}',
      'Server Version: version.Info{Major:"1", Minor:"21", GitVersion:"v1.21.14", GitCommit:"0f77da5bd4809927e15d1658fb4aa8f13ad890a5", GitTreeState:"clean", BuildDate:"2022-06-15T14:17:29Z", GoVersion:"go1.16.15", Compiler:"gc", Platform:"linux/amd64"}',
    ),
  },
  {
    name: "version --short on 1.21",
    versions: ["1.21"],
    command: "kubectl version --short",
    stdout: "Client Version: v1.21.14\nServer Version: v1.21.14\n",
  },
  {
    name: "version on 1.33 is short with the Kustomize version",
    versions: ["1.33"],
    command: "kubectl version",
    stdout: "Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.33.1\n",
  },
  {
    name: "version --client on 1.33",
    versions: ["1.33"],
    command: "kubectl version --client",
    stdout: "Client Version: v1.33.1\nKustomize Version: v5.6.0\n",
  },
  {
    name: "version --short is gone in 1.33",
    versions: ["1.33"],
    command: "kubectl version --short",
    stderr: "error: unknown flag: --short\nSee 'kubectl version --help' for usage.\n",
    exitCode: 1,
  },
  {
    name: "cluster-info colours names and links",
    command: "kubectl cluster-info",
    stdout:
      "\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://192.168.0.10:6443\x1b[0m\n" +
      "\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33mhttps://192.168.0.10:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n" +
      "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
  },
];

describe("kubectl config, version and cluster-info", () => {
  expectCases(it, expect, cases);
});
