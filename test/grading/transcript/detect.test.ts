import { describe, expect, it } from "vitest";
import { type Detected, detectStyle } from "../../../src/grading/transcript/index.ts";
import { matchPrompt, type PromptMatch } from "../../../src/grading/transcript/prompts.ts";
import { sourceLines } from "../../../src/grading/transcript/source.ts";

describe("detectStyle picks the style from the content, by rules tried in order", () => {
  const cases: { name: string; text: string; want: Detected }[] = [
    {
      name: "a JSON header makes an asciinema recording",
      text: '{"version": 2, "width": 80}\n',
      want: { style: "asciinema" },
    },
    {
      name: "a bad asciinema header is still asciinema (and reported as a bad header)",
      text: '{"version": 1}\n',
      want: { style: "asciinema" },
    },
    { name: "a bash group is not JSON", text: "{ kubectl get pods; }\n", want: { style: "commands" } },
    {
      name: "one user@host prompt is enough for a terminal copy",
      text: "root@k8s-m:~# kubectl get pods\nNo resources found in default namespace.\n",
      want: { style: "terminal" },
    },
    {
      name: "a full prompt wins over an epoch line in the output of cat",
      text: "root@k8s-m:~# cat ~/.bash_history\n#1700000000\nkubectl get pods\n",
      want: { style: "terminal" },
    },
    { name: "a cmd.exe prompt", text: "C:\\Users\\ana>kubectl version --client\n", want: { style: "terminal" } },
    {
      name: "an epoch line makes a bash history",
      text: "kubectl get nodes\n#1700000000\nkubectl get pods\n",
      want: { style: "bash-history", numbered: false },
    },
    {
      name: "a first numbered line makes history output",
      text: "  501  kubectl get pods\n  502  history\n",
      want: { style: "bash-history", numbered: true },
    },
    {
      name: "a first `$ ` line makes a bare-prompt terminal",
      text: "$ kubectl get pods\n",
      want: { style: "terminal", bare: "$" },
    },
    {
      name: "two `$ ` lines after a banner make a bare-prompt terminal",
      text: "Connected.\n$ kubectl get ns\nNAME\n$ kubectl get pods\n",
      want: { style: "terminal", bare: "$" },
    },
    {
      name: "`# kubectl ...` lines with output under them make a root-prompt terminal",
      text: '# kubectl delete pod web\npod "web" deleted\n',
      want: { style: "terminal", bare: "#" },
    },
    {
      name: "`# kubectl ...` lines over commands are comments of a command list",
      text: "# kubectl get pods shows them all\nkubectl get pods\n# kubectl describe for details\nkubectl describe pod web\n",
      want: { style: "commands" },
    },
    {
      name: "`# kubectl ...` comments over a loop and a heredoc are still a command list",
      text: "# kubectl apply the pod\ncat <<EOF | kubectl apply -f -\nkind: Pod\nEOF\n# kubectl get it\nfor i in 1 2; do kubectl get pods; done\n",
      want: { style: "commands" },
    },
    {
      name: "anything else is a command list",
      text: "kubectl get pods\n\nkubectl get nodes\n",
      want: { style: "commands" },
    },
  ];
  it.each(cases)("$name", ({ text, want }) => {
    expect(detectStyle(sourceLines(text))).toEqual(want);
  });
});

describe("matchPrompt reads the prompts students' terminals show", () => {
  const cases: { name: string; line: string; bare?: "$" | "#"; want: PromptMatch | undefined }[] = [
    {
      name: "Ubuntu root",
      line: "root@k8s-m:~# kubectl get pods",
      want: {
        format: "user@host:dir",
        family: "posix",
        user: "root",
        host: "k8s-m",
        cwd: "~",
        command: "kubectl get pods",
      },
    },
    {
      name: "an EC2 user in a subdirectory, a `$` in the command",
      line: "ubuntu@ip-172-31-1-2:~/chapter6$ echo $HOME",
      want: {
        format: "user@host:dir",
        family: "posix",
        user: "ubuntu",
        host: "ip-172-31-1-2",
        cwd: "~/chapter6",
        command: "echo $HOME",
      },
    },
    {
      name: "a virtualenv marker before the prompt",
      line: "(venv) student@lab:/etc/kubernetes$ ls",
      want: {
        format: "user@host:dir",
        family: "posix",
        user: "student",
        host: "lab",
        cwd: "/etc/kubernetes",
        command: "ls",
      },
    },
    {
      name: "RHEL, with a basename for the directory",
      line: "[root@k8s-m manifests]# ls",
      want: { format: "[user@host dir]", family: "posix", user: "root", host: "k8s-m", command: "ls" },
    },
    {
      name: "macOS zsh",
      line: "ana@macbook ~ % kubectl config get-contexts",
      want: {
        format: "user@host dir %",
        family: "posix",
        user: "ana",
        host: "macbook",
        cwd: "~",
        command: "kubectl config get-contexts",
      },
    },
    {
      name: "macOS bash",
      line: "macbook:~ ana$ minikube start",
      want: {
        format: "host:dir user$",
        family: "posix",
        user: "ana",
        host: "macbook",
        cwd: "~",
        command: "minikube start",
      },
    },
    {
      name: "PowerShell",
      line: "PS C:\\k8s> kubectl get nodes",
      want: { format: "PS dir>", family: "windows", cwd: "C:\\k8s", command: "kubectl get nodes" },
    },
    {
      name: "cmd.exe, no space before the command",
      line: "C:\\kubernetes\\chapter8>kubectl get svc",
      want: { format: "drive:\\dir>", family: "windows", cwd: "C:\\kubernetes\\chapter8", command: "kubectl get svc" },
    },
    {
      name: "a bare `$ ` when the transcript uses it",
      line: "$ ls",
      bare: "$",
      want: { format: "$", family: "posix", command: "ls" },
    },
    { name: "a bare `$ ` otherwise is not a prompt", line: "$ ls", want: undefined },
    { name: "an scp target is not a prompt", line: "scp pod.yaml ubuntu@k8s-w1:~/", want: undefined },
    {
      name: "kubectl output is not a prompt",
      line: "web-7d4b9c8f5d-x2x9k   1/1     Running   0          12s",
      want: undefined,
    },
  ];
  it.each(cases)("$name", ({ line, bare, want }) => {
    expect(matchPrompt(line, bare)).toEqual(want);
  });
});
