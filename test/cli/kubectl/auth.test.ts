import { describe, expect, it } from "vitest";
import { type Case, expectCases, lines } from "./cmd/helpers.ts";

const SETUP = [
  "kubectl create namespace dev",
  "kubectl create serviceaccount reader -n dev",
  "kubectl create role pod-reader --verb=get,watch --resource=pods -n dev",
  "kubectl create rolebinding read-pods --role=pod-reader --serviceaccount=dev:reader -n dev",
  "kubectl create rolebinding dangling --role=missing --user=bob -n dev",
];
const READER = "--as=system:serviceaccount:dev:reader";

const NON_RESOURCE_33 = [
  "                                                [/.well-known/openid-configuration]   []               [get]",
  "                                                [/api/*]                              []               [get]",
  "                                                [/api]                                []               [get]",
  "                                                [/apis/*]                             []               [get]",
  "                                                [/apis]                               []               [get]",
  "                                                [/healthz]                            []               [get]",
  "                                                [/healthz]                            []               [get]",
  "                                                [/livez]                              []               [get]",
  "                                                [/livez]                              []               [get]",
  "                                                [/openapi/*]                          []               [get]",
  "                                                [/openapi]                            []               [get]",
  "                                                [/openid/v1/jwks]                     []               [get]",
  "                                                [/readyz]                             []               [get]",
  "                                                [/readyz]                             []               [get]",
  "                                                [/version/]                           []               [get]",
  "                                                [/version/]                           []               [get]",
  "                                                [/version]                            []               [get]",
  "                                                [/version]                            []               [get]",
];

const cases: Case[] = [
  { name: "the admin can do anything", command: "kubectl auth can-i '*' '*'", stdout: "yes\n" },
  {
    name: "a service account can do what its Role grants in the binding's namespace",
    setup: SETUP,
    command: `kubectl auth can-i get pods -n dev ${READER}`,
    stdout: "yes\n",
  },
  {
    name: "a verb the Role lacks is a no with exit code 1",
    setup: SETUP,
    command: `kubectl auth can-i list pods -n dev ${READER}`,
    stdout: "no\n",
    exitCode: 1,
  },
  {
    name: "the Role grants nothing in another namespace",
    setup: SETUP,
    command: `kubectl auth can-i get pods ${READER}`,
    stdout: "no\n",
    exitCode: 1,
  },
  {
    name: "a binding to a missing Role shows the authorizer's reason",
    setup: SETUP,
    command: "kubectl auth can-i get pods -n dev --as=bob",
    stdout: 'no - RBAC: role.rbac.authorization.k8s.io "missing" not found\n',
    exitCode: 1,
  },
  {
    name: "--quiet prints nothing and keeps the exit code",
    setup: SETUP,
    command: `kubectl auth can-i list pods -n dev ${READER} -q`,
    exitCode: 1,
  },
  {
    name: "a subresource is asked with --subresource",
    setup: SETUP,
    command: `kubectl auth can-i get pods --subresource=log -n dev ${READER}`,
    stdout: "no\n",
    exitCode: 1,
  },
  {
    name: "an unknown resource is a warning (newer kubectl prints an empty line after it)",
    command: "kubectl auth can-i get foo",
    stdout: "yes\n",
    stderr: "Warning: the server doesn't have a resource type 'foo'\n\n",
    versions: ["1.33"],
  },
  {
    name: "an unknown resource is a warning",
    command: "kubectl auth can-i get foo",
    stdout: "yes\n",
    stderr: "Warning: the server doesn't have a resource type 'foo'\n",
    versions: ["1.21"],
  },
  {
    name: "an unknown resource in a group names the group",
    command: "kubectl auth can-i get widgets.example.com --as=jane",
    stdout: "no\n",
    stderr: "Warning: the server doesn't have a resource type 'widgets' in group 'example.com'\n",
    exitCode: 1,
    versions: ["1.21"],
  },
  {
    name: "users and groups are resources only impersonation knows: no warning",
    command: "kubectl auth can-i impersonate users",
    stdout: "yes\n",
  },
  {
    name: "a cluster-scoped resource asked in a namespace is a warning",
    command: "kubectl auth can-i list nodes --as=jane",
    stdout: "no\n",
    stderr: "Warning: resource 'nodes' is not namespace scoped\n\n",
    exitCode: 1,
    versions: ["1.33"],
  },
  {
    name: "a cluster-scoped resource in a group names the group",
    command: "kubectl auth can-i list clusterroles --as=jane",
    stdout: "no\n",
    stderr: "Warning: resource 'clusterroles' is not namespace scoped in group 'rbac.authorization.k8s.io'\n",
    exitCode: 1,
    versions: ["1.21"],
  },
  {
    name: "--all-namespaces asks at cluster scope, without the warning",
    command: "kubectl auth can-i list nodes -A --as=jane",
    stdout: "no\n",
    exitCode: 1,
  },
  {
    name: "an unknown verb is a warning",
    command: "kubectl auth can-i frob pods",
    stdout: "yes\n",
    stderr: "Warning: verb 'frob' is not a known verb\n",
    versions: ["1.21"],
  },
  {
    name: "non-resource URLs are asked by path",
    command: "kubectl auth can-i get /healthz --as=jane",
    stdout: "yes\n",
  },
  {
    name: "impersonating groups gives their permissions",
    command: "kubectl auth can-i delete nodes -A --as=jane --as-group=system:masters",
    stdout: "yes\n",
  },
  {
    name: "--as-group needs --as",
    command: "kubectl auth can-i get pods --as-group=devs",
    stderr:
      "error: invalid configuration: requesting uid, groups or user-extra for kubernetes-admin without impersonating a user\n",
    exitCode: 1,
    versions: ["1.33"],
  },
  {
    name: "one argument is an error",
    command: "kubectl auth can-i get",
    stderr:
      "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n",
    exitCode: 1,
  },
  {
    name: "--list takes no arguments",
    command: "kubectl auth can-i --list get pods",
    stderr: "error: list option must be specified with no arguments\n",
    exitCode: 1,
  },
  {
    name: "--list refuses --quiet",
    command: "kubectl auth can-i --list -q",
    stderr: "error: list option can't be specified with neither quiet, all-namespaces nor subresource options\n",
    exitCode: 1,
  },
  {
    name: "--no-headers needs --list",
    command: "kubectl auth can-i get pods --no-headers",
    stderr: "error: --no-headers cannot be set without --list specified\n",
    exitCode: 1,
  },
  {
    name: "--subresource cannot go with a URL",
    command: "kubectl auth can-i get /logs --subresource=log",
    stderr: "error: --subresource can not be used with NonResourceURL\n",
    exitCode: 1,
  },
  {
    name: "impersonation needs the impersonate permission",
    command: "kubectl auth can-i get pods --as=jane --as=bob",
    stdout: "no\n",
    exitCode: 1,
  },
  {
    name: "--list for a service account shows its Role's rules and the discovery rules",
    setup: SETUP,
    command: `kubectl auth can-i --list -n dev ${READER}`,
    stdout: lines(
      "Resources                                       Non-Resource URLs                     Resource Names   Verbs",
      "selfsubjectreviews.authentication.k8s.io        []                                    []               [create]",
      "selfsubjectaccessreviews.authorization.k8s.io   []                                    []               [create]",
      "selfsubjectrulesreviews.authorization.k8s.io    []                                    []               [create]",
      "pods                                            []                                    []               [get watch]",
      ...NON_RESOURCE_33,
    ),
    versions: ["1.33"],
  },
  {
    name: "--list --no-headers sizes the columns by the rules alone",
    command: "kubectl auth can-i --list --no-headers | head -3",
    stdout: lines(
      "*.*                                             []             []    [*]",
      "                                                [*]            []    [*]",
      "selfsubjectreviews.authentication.k8s.io        []             []    [create]",
    ),
    versions: ["1.33"],
  },
  {
    name: "whoami shows the kubeadm admin",
    command: "kubectl auth whoami",
    stdout: lines(
      "ATTRIBUTE   VALUE",
      "Username    kubernetes-admin",
      "Groups      [kubeadm:cluster-admins system:authenticated]",
    ),
    versions: ["1.33"],
  },
  {
    name: "whoami shows an impersonated service account with its groups",
    command: "kubectl auth whoami --as=system:serviceaccount:dev:reader",
    stdout: lines(
      "ATTRIBUTE   VALUE",
      "Username    system:serviceaccount:dev:reader",
      "Groups      [system:serviceaccounts system:serviceaccounts:dev system:authenticated]",
    ),
    versions: ["1.33"],
  },
  {
    name: "whoami does not exist in kubectl 1.21",
    command: "kubectl auth whoami",
    stderr: "error: unknown command \"whoami\"\nSee 'kubectl auth -h' for help and examples\n",
    exitCode: 1,
    versions: ["1.21"],
  },
];

describe("kubectl auth", () => {
  expectCases(it, expect, cases);
});
