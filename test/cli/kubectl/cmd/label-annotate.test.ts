import { describe, expect, it } from "vitest";
import { type Case, expectCases } from "./helpers.ts";

const POD = ["kubectl run nginx --image=nginx"];

const cases: Case[] = [
  {
    name: "label adds a label",
    setup: POD,
    command: "kubectl label pod nginx tier=web",
    stdout: "pod/nginx labeled\n",
  },
  {
    name: "label refuses to overwrite without --overwrite",
    setup: POD,
    command: "kubectl label pod nginx run=other",
    stderr: "error: 'run' already has a value (nginx), and --overwrite is false\n",
    exitCode: 1,
  },
  {
    name: "label --overwrite replaces",
    setup: POD,
    command: "kubectl label pod nginx run=other --overwrite",
    stdout: "pod/nginx labeled\n",
  },
  { name: "label KEY- removes", setup: POD, command: "kubectl label pod nginx run-", stdout: "pod/nginx unlabeled\n" },
  {
    name: "removing a missing label says so and changes nothing",
    setup: POD,
    command: "kubectl label pod nginx nope-",
    stdout: 'label "nope" not found.\npod/nginx not labeled\n',
  },
  {
    name: "label with a client dry run",
    setup: POD,
    command: "kubectl label pod/nginx tier=web --dry-run=client",
    stdout: "pod/nginx labeled (dry run)\n",
  },
  {
    name: "label --all in the namespace",
    setup: [...POD, "kubectl run two --image=nginx"],
    command: "kubectl label pods --all tier=web",
    stdout: "pod/nginx labeled\npod/two labeled\n",
  },
  {
    name: "label with a selector",
    setup: [...POD, "kubectl run two --image=nginx"],
    command: "kubectl label pods -l run=two tier=web",
    stdout: "pod/two labeled\n",
  },
  {
    name: "label without a change",
    setup: POD,
    command: "kubectl label pod nginx",
    stderr: "error: at least one label update is required\n",
    exitCode: 1,
  },
  {
    name: "label with an invalid value",
    setup: POD,
    command: "kubectl label pod nginx 'a=b c'",
    stderr:
      "error: invalid label value: \"a=b c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n",
    exitCode: 1,
  },
  {
    name: "label of a missing pod",
    command: "kubectl label pod nope a=b",
    stderr: 'Error from server (NotFound): pods "nope" not found\n',
    exitCode: 1,
  },
  {
    name: "label with a stale resource version is a Conflict",
    setup: POD,
    command: "kubectl label pod nginx a=b --resource-version=1",
    stderr:
      'Error from server (Conflict): Operation cannot be fulfilled on pods "nginx": the object has been modified; please apply your changes to the latest version and try again\n',
    exitCode: 1,
  },
  {
    name: "annotate adds",
    setup: POD,
    command: "kubectl annotate pod nginx owner=me",
    stdout: "pod/nginx annotated\n",
  },
  {
    name: "annotate refuses a different value without --overwrite",
    setup: [...POD, "kubectl annotate pod nginx owner=me"],
    command: "kubectl annotate pod nginx owner=you",
    stderr:
      "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (me)\n",
    exitCode: 1,
  },
  {
    name: "annotate removes",
    setup: [...POD, "kubectl annotate pod nginx owner=me"],
    command: "kubectl annotate pod nginx owner-",
    stdout: "pod/nginx annotated\n",
  },
  {
    name: "annotate --list prints the annotations",
    setup: [...POD, "kubectl annotate pod nginx owner=me b=2"],
    command: "kubectl annotate pod nginx --list",
    stdout: "b=2\nowner=me\n",
  },
];

describe("kubectl label and annotate", () => {
  expectCases(it, expect, cases);
});
