import { describe, expect, it } from "vitest";
import { parseTranscript } from "../../../src/grading/transcript/index.ts";
import type { ParsedTranscript } from "../../../src/grading/types.ts";
import {
  ASCIINEMA,
  ASCIINEMA_WITH_INPUT,
  BARE_ROOT_SESSION,
  BASH_HISTORY,
  COMMAND_LIST,
  HISTORY_OUTPUT,
  UBUNTU_SESSION,
  WINDOWS_SESSION,
} from "./samples.ts";

const DEPLOYMENT_HEREDOC = `cat <<EOF | kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
EOF`;

const root = (cwd: string) => ({ host: "k8s-m", user: "root", cwd });
const asciinemaRoot = { host: "k8s-m", user: "root", cwd: "~" };

describe("parseTranscript reads each style as students have it", () => {
  const cases: { name: string; text: string; want: ParsedTranscript }[] = [
    {
      name: "a command list skips comments and blank lines and keeps heredocs, continuations and loops whole",
      text: COMMAND_LIST,
      want: {
        ok: true,
        style: "commands",
        commands: [
          { line: 2, command: "kubectl create deployment web --image=nginx:1.25 --replicas=3" },
          {
            line: 4,
            command:
              "cat <<'EOF' | kubectl apply -f -\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80\nEOF",
          },
          { line: 16, command: "kubectl rollout status deployment/web   # wait for it" },
          {
            line: 17,
            command: "kubectl expose deployment web \\\n  --name=web-lb --port=80 \\\n  --type=LoadBalancer",
          },
          { line: 20, command: "for i in 1 2 3; do\n  kubectl get pods -l app=web\ndone" },
        ],
      },
    },
    {
      name: "a bash history with epochs gives seconds since the first, held when a parallel shell's time goes back",
      text: BASH_HISTORY,
      want: {
        ok: true,
        style: "bash-history",
        commands: [
          { line: 2, command: "kubectl get nodes", at: 0 },
          {
            line: 4,
            command:
              "cat > pod.yaml <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.25\nEOF",
            at: 12,
          },
          { line: 15, command: "kubectl apply -f pod.yaml", at: 30 },
          { line: 17, command: "kubectl get pods -o wide", at: 30 },
          { line: 19, command: "kubectl delete pod web", at: 95 },
        ],
      },
    },
    {
      name: "history output with dates: numbered entries, heredoc bodies unnumbered, a body line that only looks numbered",
      text: HISTORY_OUTPUT,
      want: {
        ok: true,
        style: "bash-history",
        commands: [
          { line: 1, command: "kubectl get nodes", at: 0 },
          {
            line: 2,
            command:
              "cat <<EOF | kubectl apply -f -\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n    3 replicas is what the lab asks for\nEOF",
            at: 45,
          },
          { line: 11, command: "kubectl get deploy web", at: 100 },
          { line: 12, command: "history", at: 200 },
        ],
      },
    },
    {
      name: "an Ubuntu terminal: MOTD skipped, `> ` heredoc, empty outputs, ^C abandons a line, ssh switches the host",
      text: UBUNTU_SESSION,
      want: {
        ok: true,
        style: "terminal",
        commands: [
          { line: 7, command: "sudo -i", host: "ip-172-31-1-2", user: "ubuntu", cwd: "~", output: "" },
          { line: 8, command: "cd chapter6", ...root("~"), output: "" },
          { line: 9, command: DEPLOYMENT_HEREDOC, ...root("~/chapter6"), output: "deployment.apps/web created" },
          {
            line: 29,
            command: "kubectl get pods",
            ...root("~/chapter6"),
            output: [
              "NAME                   READY   STATUS    RESTARTS   AGE",
              "web-7d4b9c8f5d-b8kzt   1/1     Running   0          12s",
              "web-7d4b9c8f5d-q7wvn   1/1     Running   0          12s",
              "web-7d4b9c8f5d-x2x9k   1/1     Running   0          12s",
            ].join("\n"),
          },
          {
            line: 35,
            command: "kubectl scale deployment web \\\n--replicas=5",
            ...root("~/chapter6"),
            output: "deployment.apps/web scaled",
          },
          { line: 39, command: "ssh k8s-w1", ...root("~/chapter6"), output: "" },
          {
            line: 40,
            command: "crictl ps --name nginx -q | wc -l",
            host: "k8s-w1",
            user: "root",
            cwd: "~",
            output: "2",
          },
          {
            line: 42,
            command: "exit",
            host: "k8s-w1",
            user: "root",
            cwd: "~",
            output: "logout\nConnection to k8s-w1 closed.",
          },
        ],
      },
    },
    {
      name: "a Windows session: cmd.exe prompts, then PowerShell with a backtick continuation",
      text: WINDOWS_SESSION,
      want: {
        ok: true,
        style: "terminal",
        commands: [
          {
            line: 4,
            command: "kubectl apply -f .\\pod.yaml",
            cwd: "C:\\kubernetes\\chapter8",
            output: "pod/web created",
          },
          {
            line: 7,
            command: "kubectl get pods",
            cwd: "C:\\kubernetes\\chapter8",
            output: "NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          9s",
          },
          {
            line: 11,
            command: "powershell",
            cwd: "C:\\kubernetes\\chapter8",
            output: "Windows PowerShell\nCopyright (C) Microsoft Corporation. All rights reserved.",
          },
          {
            line: 15,
            command: "kubectl get pod web \\\n-o wide",
            cwd: "C:\\kubernetes\\chapter8",
            output: [
              "NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES",
              "web    1/1     Running   0          31s   10.244.1.4   k8s-w1   <none>           <none>",
            ].join("\n"),
          },
        ],
      },
    },
    {
      name: "a bare `# ` root prompt, one command printing nothing",
      text: BARE_ROOT_SESSION,
      want: {
        ok: true,
        style: "terminal",
        commands: [
          { line: 1, command: "kubectl taint nodes k8s-w1 dedicated=gpu:NoSchedule", output: "node/k8s-w1 tainted" },
          { line: 3, command: "kubectl label nodes k8s-w1 disktype=ssd --overwrite", output: "node/k8s-w1 labeled" },
          { line: 5, command: "export KUBE_EDITOR=nano", output: "" },
          {
            line: 6,
            command: "kubectl get nodes",
            output: [
              "NAME     STATUS   ROLES           AGE   VERSION",
              "k8s-m    Ready    control-plane   3d    v1.33.1",
              "k8s-w1   Ready    <none>          3d    v1.33.1",
            ].join("\n"),
          },
        ],
      },
    },
    {
      name: "an asciinema recording: colours and titles dropped, a typo fixed with backspace, clear kept apart, prompt times",
      text: ASCIINEMA,
      want: {
        ok: true,
        style: "asciinema",
        commands: [
          {
            line: 2,
            command: "kubectl get pods",
            ...asciinemaRoot,
            at: 0.412,
            output: "NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          40s",
          },
          { line: 9, command: "clear", ...asciinemaRoot, at: 3.33, output: "" },
          { line: 12, command: "kubectl delete pod web", ...asciinemaRoot, at: 5.51, output: 'pod "web" deleted' },
        ],
      },
    },
    {
      name: "an asciinema recording with input events: the keys typed, but the echo where Tab completed",
      text: ASCIINEMA_WITH_INPUT,
      want: {
        ok: true,
        style: "asciinema",
        commands: [
          {
            line: 2,
            command: "kubectl get pods",
            ...asciinemaRoot,
            at: 0.5,
            output: "No resources found in default namespace.",
          },
          { line: 9, command: "cat <<EOF > pod.yaml\nkind: Pod\nEOF", ...asciinemaRoot, at: 1.7, output: "" },
          {
            line: 15,
            command: "kubectl create deployment web --image=nginx",
            ...asciinemaRoot,
            at: 2.8,
            output: "deployment.apps/web created",
          },
        ],
      },
    },
  ];
  it.each(cases)("$name", ({ text, want }) => {
    expect(parseTranscript(text)).toEqual(want);
  });
});

describe("parseTranscript on details of each style", () => {
  const cases: { name: string; text: string; want: ParsedTranscript }[] = [
    {
      name: "CRLF line ends (a file saved on Windows) read like LF",
      text: "kubectl get pods\r\nkubectl get nodes\r\n",
      want: {
        ok: true,
        style: "commands",
        commands: [
          { line: 1, command: "kubectl get pods" },
          { line: 2, command: "kubectl get nodes" },
        ],
      },
    },
    {
      name: "a bare `$ ` prompt with a `\\` continuation and trailing blank output lines trimmed",
      text: "$ kubectl run web \\\n> --image=nginx\npod/web created\n\n\n$ kubectl get pods\nNAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          1s\n$\n",
      want: {
        ok: true,
        style: "terminal",
        commands: [
          { line: 1, command: "kubectl run web \\\n--image=nginx", output: "pod/web created" },
          {
            line: 6,
            command: "kubectl get pods",
            output: "NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          1s",
          },
        ],
      },
    },
    {
      name: "a RHEL prompt names user and host; its directory is a basename, so no cwd",
      text: "[root@k8s-m ~]# kubectl get ns\nNAME      STATUS   AGE\ndefault   Active   1d\n[root@k8s-m chapter6]# ls\npod.yaml\n",
      want: {
        ok: true,
        style: "terminal",
        commands: [
          {
            line: 1,
            command: "kubectl get ns",
            host: "k8s-m",
            user: "root",
            cwd: "~",
            output: "NAME      STATUS   AGE\ndefault   Active   1d",
          },
          { line: 4, command: "ls", host: "k8s-m", user: "root", output: "pod.yaml" },
        ],
      },
    },
    {
      name: "a heredoc body pasted without `> ` prompts is still its command's",
      text: "student@lab:~$ cat <<EOF > ns.yaml\nkind: Namespace\nEOF\nstudent@lab:~$ kubectl apply -f ns.yaml\nnamespace/dev created\n",
      want: {
        ok: true,
        style: "terminal",
        commands: [
          {
            line: 1,
            command: "cat <<EOF > ns.yaml\nkind: Namespace\nEOF",
            host: "lab",
            user: "student",
            cwd: "~",
            output: "",
          },
          {
            line: 4,
            command: "kubectl apply -f ns.yaml",
            host: "lab",
            user: "student",
            cwd: "~",
            output: "namespace/dev created",
          },
        ],
      },
    },
    {
      name: "a `script` log keeps its colours and carriage returns out of commands and outputs",
      text: "\u001b[01;32mroot@k8s-m\u001b[00m:\u001b[01;34m~\u001b[00m# kubectl get nodes\r\nNAME    STATUS   ROLES           AGE   VERSION\r\nk8s-m   \u001b[32mReady\u001b[0m    control-plane   2d    v1.33.1\r\n",
      want: {
        ok: true,
        style: "terminal",
        commands: [
          {
            line: 1,
            command: "kubectl get nodes",
            ...root("~"),
            output: "NAME    STATUS   ROLES           AGE   VERSION\nk8s-m   Ready    control-plane   2d    v1.33.1",
          },
        ],
      },
    },
    {
      name: "comment-only prompts and empty prompts are not commands",
      text: "root@k8s-m:~# # first the nodes\nroot@k8s-m:~#\nroot@k8s-m:~# kubectl get nodes -o name\nnode/k8s-m\n",
      want: {
        ok: true,
        style: "terminal",
        commands: [{ line: 3, command: "kubectl get nodes -o name", ...root("~"), output: "node/k8s-m" }],
      },
    },
    {
      name: "an asciinema v3 file: times are intervals since the previous event",
      text: [
        JSON.stringify({ version: 3, term: { cols: 80, rows: 24 } }),
        JSON.stringify([0.25, "o", "$ "]),
        JSON.stringify([1.0, "o", "kubectl get ns -o name\r\nnamespace/default\r\n"]),
        JSON.stringify([0.5, "o", "$ "]),
        JSON.stringify([2.0, "o", "exit\r\n"]),
        JSON.stringify([0.1, "x", "0"]),
      ].join("\n"),
      want: {
        ok: true,
        style: "asciinema",
        commands: [
          { line: 2, command: "kubectl get ns -o name", at: 0.25, output: "namespace/default" },
          { line: 4, command: "exit", at: 1.75, output: "" },
        ],
      },
    },
    {
      name: "an asciinema recording whose prompt is not recognised takes its commands from the keys typed",
      text: [
        JSON.stringify({ version: 2, width: 80, height: 24 }),
        JSON.stringify([0.1, "o", "➜  ~ "]),
        JSON.stringify([1.0, "i", "kubectl get nodes\r"]),
        JSON.stringify([1.0, "o", "kubectl get nodes\r\nNAME    STATUS\r\n➜  ~ "]),
        JSON.stringify([3.0, "i", "kubectl get pods\r"]),
      ].join("\n"),
      want: {
        ok: true,
        style: "asciinema",
        commands: [
          { line: 3, command: "kubectl get nodes", at: 1 },
          { line: 5, command: "kubectl get pods", at: 3 },
        ],
      },
    },
    {
      name: "an empty submission has no commands (the grader says so)",
      text: "\n\n",
      want: { ok: true, style: "commands", commands: [] },
    },
  ];
  it.each(cases)("$name", ({ text, want }) => {
    expect(parseTranscript(text)).toEqual(want);
  });
});
