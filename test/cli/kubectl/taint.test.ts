import { describe, expect, it } from "vitest";
import { type Case, expectCases, lines } from "./cmd/helpers.ts";

const usage = (m: string) => `error: ${m}\nSee 'kubectl taint -h' for help and examples\n`;

const cases: Case[] = [
  {
    name: "adding a taint prints tainted",
    command: "kubectl taint nodes k8s-w1 dedicated=special-user:NoSchedule",
    stdout: "node/k8s-w1 tainted\n",
  },
  {
    name: "a taint without a value is accepted",
    command: "kubectl taint nodes k8s-w1 bar:NoSchedule",
    stdout: "node/k8s-w1 tainted\n",
  },
  {
    name: "the same key and effect again needs --overwrite",
    setup: ["kubectl taint nodes k8s-w1 dedicated=a:NoSchedule"],
    command: "kubectl taint nodes k8s-w1 dedicated=b:NoSchedule",
    stderr: "error: node k8s-w1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n",
    exitCode: 1,
  },
  {
    name: "--overwrite replaces the value and prints modified",
    setup: ["kubectl taint nodes k8s-w1 dedicated=a:NoSchedule"],
    command: "kubectl taint nodes k8s-w1 dedicated=b:NoSchedule --overwrite",
    stdout: "node/k8s-w1 modified\n",
  },
  {
    name: "the same key with another effect is a second taint",
    setup: ["kubectl taint nodes k8s-w1 dedicated=a:NoSchedule"],
    command: "kubectl taint nodes k8s-w1 dedicated=a:NoExecute",
    stdout: "node/k8s-w1 tainted\n",
  },
  {
    name: "key:Effect- removes one taint",
    setup: ["kubectl taint nodes k8s-w1 dedicated=a:NoSchedule"],
    command: "kubectl taint nodes k8s-w1 dedicated:NoSchedule-",
    stdout: "node/k8s-w1 untainted\n",
  },
  {
    name: "key- removes every taint with the key",
    setup: [
      "kubectl taint nodes k8s-w1 dedicated=a:NoSchedule",
      "kubectl taint nodes k8s-w1 dedicated=a:PreferNoSchedule",
    ],
    command: "kubectl taint nodes k8s-w1 dedicated-",
    stdout: "node/k8s-w1 untainted\n",
  },
  {
    name: "removing a missing taint fails",
    command: "kubectl taint nodes k8s-w1 dedicated:NoSchedule-",
    stderr: 'error: taint "dedicated:NoSchedule" not found\n',
    exitCode: 1,
  },
  {
    name: "two missing taints print one line each",
    command: "kubectl taint nodes k8s-w1 a- b-",
    stderr: lines('taint "a" not found', 'taint "b" not found'),
    exitCode: 1,
  },
  {
    name: "an unknown effect is a usage error",
    command: "kubectl taint nodes k8s-w1 a=b:Sometimes",
    stderr: usage("invalid taint effect: Sometimes, unsupported taint effect"),
    exitCode: 1,
  },
  {
    name: "a taint to add needs an effect",
    command: "kubectl taint nodes k8s-w1 a=b",
    stderr: usage(
      "invalid taint spec: a=b, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ),
    exitCode: 1,
  },
  {
    name: "two = signs are an invalid spec",
    command: "kubectl taint nodes k8s-w1 a=b=c:NoSchedule",
    stderr: usage("invalid taint spec: a=b=c:NoSchedule"),
    exitCode: 1,
  },
  {
    name: "duplicated taints are refused",
    command: "kubectl taint nodes k8s-w1 a=b:NoSchedule a=c:NoSchedule",
    stderr: usage("duplicated taints with the same key and effect: {a c NoSchedule <nil>}"),
    exitCode: 1,
  },
  {
    name: "resources come before taints",
    command: "kubectl taint nodes k8s-w1 a=b:NoSchedule k8s-w2",
    stderr: "error: all resources must be specified before taint changes: k8s-w2\n",
    exitCode: 1,
  },
  {
    name: "a taint is required",
    command: "kubectl taint nodes k8s-w1",
    stderr: "error: at least one taint update is required\n",
    exitCode: 1,
  },
  {
    name: "a node name is required without --all",
    command: "kubectl taint nodes a=b:NoSchedule",
    stderr: "error: at least one resource name must be specified since 'all' parameter is not set\n",
    exitCode: 1,
  },
  {
    name: "adding and removing the same taint at once is refused",
    command: "kubectl taint nodes k8s-w1 a=b:NoSchedule a-",
    stderr: 'error: can not both modify and remove the following taint(s) in the same command: {"a":""}\n',
    exitCode: 1,
  },
  {
    name: "an unknown node is NotFound",
    command: "kubectl taint nodes k8s-w9 a=b:NoSchedule",
    stderr: 'Error from server (NotFound): nodes "k8s-w9" not found\n',
    exitCode: 1,
  },
  {
    name: "only nodes can be tainted (1.21)",
    command: "kubectl taint pods x a=b:NoSchedule",
    stderr: 'error: invalid resource type pods, only ["node" "nodes"] are supported\n',
    exitCode: 1,
    versions: ["1.21"],
  },
  {
    name: "only nodes can be tainted (1.33)",
    command: "kubectl taint pods x a=b:NoSchedule",
    stderr: "error: invalid resource type pods, only node types are supported\n",
    exitCode: 1,
    versions: ["1.33"],
  },
  {
    name: "the no short name works from the REST mapper (1.33)",
    command: "kubectl taint no k8s-w1 a=b:NoSchedule",
    stdout: "node/k8s-w1 tainted\n",
    versions: ["1.33"],
  },
  {
    name: "-l taints every matching node",
    setup: ["kubectl label node k8s-w2 disk=ssd", "kubectl label node k8s-w3 disk=ssd"],
    command: "kubectl taint node -l disk=ssd dedicated=foo:PreferNoSchedule",
    stdout: lines("node/k8s-w2 tainted", "node/k8s-w3 tainted"),
  },
  {
    name: "--all taints every node",
    command: "kubectl taint node --all x=y:PreferNoSchedule",
    stdout: lines("node/k8s-m tainted", "node/k8s-w1 tainted", "node/k8s-w2 tainted", "node/k8s-w3 tainted"),
  },
  {
    name: "--all with -l is refused",
    command: "kubectl taint node --all -l a=b x=y:NoSchedule",
    stderr: "error: setting 'all' parameter with a non empty selector is prohibited\n",
    exitCode: 1,
  },
  {
    name: "client dry run says so and changes nothing",
    command: "kubectl taint nodes k8s-w1 a=b:NoSchedule --dry-run=client",
    stdout: "node/k8s-w1 tainted (dry run)\n",
  },
  {
    name: "the taints show in describe node",
    setup: ["kubectl taint nodes k8s-w1 alicek106/my-taint=dirty:NoSchedule"],
    command: "kubectl get node k8s-w1 -o jsonpath={.spec.taints[*].key}",
    stdout: "alicek106/my-taint",
  },
];

describe("kubectl taint", () => {
  expectCases(it, expect, cases);
});
