import { describe, expect, it } from "vitest";
import { findAuthenticityIssues, isCompared, normaliseText } from "../../../src/grading/authenticity/index.ts";
import { parseTranscript } from "../../../src/grading/transcript/index.ts";
import type { TranscriptCommand } from "../../../src/grading/types.ts";

/** A terminal copy whose `kubectl get pods` output was edited to show 3 Running pods. */
const EDITED_SESSION = `root@k8s-m:~# kubectl create deployment web --image=nginx:1.25 --replicas=3
deployment.apps/web created
root@k8s-m:~# kubectl get pods
NAME                   READY   STATUS    RESTARTS   AGE
web-7d4b9c8f5d-b8kzt   1/1     Running   0          40s
web-7d4b9c8f5d-q7wvn   1/1     Running   0          40s
web-7d4b9c8f5d-x2x9k   1/1     Running   0          40s
root@k8s-m:~# date
Tue Nov 14 22:15:00 UTC 2023
root@k8s-m:~# kubectl get deploy web
NAME   READY   UP-TO-DATE   AVAILABLE   AGE
web    2/3     3            2           41s
`;

/** What replaying those commands printed: one pod cannot be scheduled. */
const REPLAYED = [
  { stdout: "deployment.apps/web created\n", stderr: "" },
  {
    stdout: [
      "NAME                   READY   STATUS    RESTARTS   AGE",
      "web-5f6c7d8b9f-2hjkl   1/1     Running   0          10s",
      "web-5f6c7d8b9f-mnpqr   0/1     Pending   0          10s",
      "web-5f6c7d8b9f-zz4k7   1/1     Running   0          10s",
      "",
    ].join("\n"),
    stderr: "",
  },
  { stdout: "Mon Jan  5 09:00:10 UTC 2026\n", stderr: "" },
  {
    stdout: "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/3     3            2           11s\n",
    stderr: "",
  },
];

describe("findAuthenticityIssues", () => {
  it("catches the edited output of a terminal copy, and only it", () => {
    const parsed = parseTranscript(EDITED_SESSION);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(findAuthenticityIssues(parsed.commands, REPLAYED, 33)).toEqual([
      {
        line: 3,
        command: "kubectl get pods",
        message: "the output shown for `kubectl get pods` lists 3 Running pods; replaying your commands gives 2",
      },
    ]);
  });

  it("does not judge what the simulation could not run: a program it lacks, a command it does not simulate", () => {
    const commands: TranscriptCommand[] = [
      { line: 1, command: "uname -r", output: "6.8.0-60-generic" },
      {
        line: 3,
        command: "kubectl autoscale deployment web --max=5",
        output: "horizontalpodautoscaler.autoscaling/web autoscaled",
      },
      { line: 5, command: "kubeclt get pods", output: "kubeclt: command not found" },
      { line: 7, command: "kubeclt get pods", output: "No resources found in default namespace." },
    ];
    const replayed = [
      { stdout: "", stderr: "bash: uname: command not found\n" },
      { stdout: "", stderr: 'error: "kubectl autoscale" is not simulated by labgrader\n' },
      { stdout: "", stderr: "bash: kubeclt: command not found\n" },
      { stdout: "", stderr: "bash: kubeclt: command not found\n" },
    ];
    // A program the simulation has not may exist on the student's machine (or be an alias
    // there), and a machine says it has not in its own words: neither is judged.
    expect(findAuthenticityIssues(commands, replayed, 33)).toEqual([]);
  });

  it("compares only commands that carried an output, with the replay's stdout and stderr together", () => {
    const commands: TranscriptCommand[] = [
      { line: 1, command: "kubectl delete pod web" },
      { line: 2, command: "kubectl delete pod web", output: 'pod "web" deleted' },
      { line: 4, command: "kubectl get pod web", output: "" },
    ];
    const replayed = [
      { stdout: "", stderr: 'Error from server (NotFound): pods "web" not found\n' },
      { stdout: 'pod "web" deleted\n', stderr: "" },
      { stdout: "", stderr: 'Error from server (NotFound): pods "web" not found\n' },
    ];
    expect(findAuthenticityIssues(commands, replayed, 33)).toEqual([
      {
        line: 4,
        command: "kubectl get pod web",
        message:
          'the output shown for `kubectl get pod web` does not show the error "Error from server (NotFound): pods "web" not found" that replaying your commands gives',
      },
    ]);
  });
});

describe("isCompared leaves out outputs that depend on the moment or the machine", () => {
  const cases: { command: string; compared: boolean }[] = [
    { command: "kubectl get pods", compared: true },
    { command: "kubectl apply -f pod.yaml", compared: true },
    { command: "sudo kubectl get nodes", compared: true },
    { command: "kubectl get pods -w", compared: false },
    { command: "kubectl get events", compared: false },
    { command: "kubectl logs -f web", compared: false },
    { command: "kubectl logs web", compared: true },
    { command: "kubectl exec -it web -- sh", compared: false },
    { command: "kubectl top nodes", compared: false },
    { command: "kubectl edit deploy web", compared: false },
    { command: "kubectl version", compared: false },
    { command: "date", compared: false },
    { command: "vi pod.yaml", compared: false },
    { command: "watch kubectl get pods", compared: false },
    { command: "cat pod.yaml", compared: true },
  ];
  it.each(cases)("$command: $compared", ({ command, compared }) => {
    expect(isCompared(command)).toBe(compared);
  });
});

describe("normaliseText replaces what differs between runs with placeholders", () => {
  const cases: { name: string; text: string; want: string }[] = [
    { name: "a Deployment's pod", text: "web-7d4b9c8f5d-x2x9k", want: "web-<hash>-<suffix>" },
    { name: "a ReplicaSet", text: "replicaset.apps/web-7d4b9c8f5d", want: "replicaset.apps/web-<hash>" },
    { name: "a DaemonSet's pod", text: "kube-proxy-x9zbk", want: "kube-proxy-<suffix>" },
    {
      name: "a ServiceAccount token Secret (before 1.24)",
      text: "default-token-x2x9k",
      want: "default-token-<suffix>",
    },
    { name: "a CronJob's Job and pod", text: "hello-28391520-b8kzt", want: "hello-<schedule>-<suffix>" },
    {
      name: "names that are words stay",
      text: "nginx-deployment web-server kube-proxy",
      want: "nginx-deployment web-server kube-proxy",
    },
    { name: "private IPs", text: "10.244.1.5 192.168.49.2 172.17.0.2 8.8.8.8", want: "<ip> <ip> <ip> 8.8.8.8" },
    {
      name: "NodePorts, not other numbers",
      text: "80:31234/TCP 8080:32768/TCP",
      want: "80:<nodeport>/TCP 8080:32768/TCP",
    },
    { name: "a restart's (ago) from 1.22", text: "2 (45s ago)", want: "2" },
    { name: "spaces between columns", text: "web    1/1     Running", want: "web 1/1 Running" },
    { name: "a uid", text: "uid: 6f1c0b4e-8a1d-4a3b-9c55-0e2b7d1f4a10", want: "uid: <uid>" },
    { name: "an RFC 3339 time", text: "startedAt: 2023-11-14T22:14:07Z", want: "startedAt: <time>" },
    { name: "date(1)", text: "Mon Jan  5 09:00:10 UTC 2026", want: "<time>" },
  ];
  it.each(cases)("$name", ({ text, want }) => {
    expect(normaliseText(text, { minor: 33 })).toBe(want);
  });
});
