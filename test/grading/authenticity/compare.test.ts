import { describe, expect, it } from "vitest";
import { compareOutput, type OutputComparison } from "../../../src/grading/authenticity/index.ts";

const lines = (...l: string[]) => l.join("\n");

const PODS_RECORDED = lines(
  "NAME                   READY   STATUS    RESTARTS      AGE",
  "web-7d4b9c8f5d-b8kzt   1/1     Running   0             2m10s",
  "web-7d4b9c8f5d-q7wvn   1/1     Running   1 (45s ago)   2m10s",
  "web-7d4b9c8f5d-x2x9k   1/1     Running   0             2m10s",
);

describe("compareOutput ignores what differs between two runs of the same commands", () => {
  const cases: { name: string; command: string; recorded: string; replayed: string }[] = [
    {
      name: "pod names with other hashes and suffixes, other ages, a restart's (ago), other column widths and order",
      command: "kubectl get pods",
      recorded: PODS_RECORDED,
      replayed: lines(
        "NAME                    READY   STATUS    RESTARTS     AGE",
        "web-5f6c7d8b9f-2hjkl    1/1     Running   0            4s",
        "web-5f6c7d8b9f-mnpqr    1/1     Running   0            4s",
        "web-5f6c7d8b9f-zz4k7    1/1     Running   1 (2s ago)   4s",
        "",
      ),
    },
    {
      name: "pod IPs and the node chosen between equal nodes (-o wide)",
      command: "kubectl get pods -o wide",
      recorded: lines(
        "NAME        READY   STATUS    RESTARTS   AGE   IP            NODE     NOMINATED NODE   READINESS GATES",
        "web-x2x9k   1/1     Running   0          9m    10.244.2.17   k8s-w2   <none>           <none>",
      ),
      replayed: lines(
        "NAME        READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES",
        "web-9zt4b   1/1     Running   0          1s    10.244.1.4   k8s-w1   <none>           <none>",
      ),
    },
    {
      name: "ClusterIPs and NodePorts of services",
      command: "kubectl get svc",
      recorded: lines(
        "NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE",
        "kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP        3d",
        "web          NodePort    10.104.23.7     <none>        80:31234/TCP   1m",
      ),
      replayed: lines(
        "NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE",
        "kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP        5m",
        "web          NodePort    10.96.120.4    <none>        80:30080/TCP   3s",
      ),
    },
    {
      name: "a recording made earlier: pods still starting, a rollout behind, a pod still terminating",
      command: "kubectl get deploy,pods",
      recorded: lines(
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE",
        "deployment.apps/web   1/2     2            1           5s",
        "",
        "NAME                       READY   STATUS              RESTARTS   AGE",
        "pod/web-7d4b9c8f5d-b8kzt   1/1     Running             0          5s",
        "pod/web-7d4b9c8f5d-q7wvn   0/1     ContainerCreating   0          5s",
        "pod/old-6b8c9d7f5d-x2x9k   1/1     Terminating         0          9m",
      ),
      replayed: lines(
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE",
        "deployment.apps/web   2/2     2            2           30s",
        "",
        "NAME                       READY   STATUS    RESTARTS   AGE",
        "pod/web-5f6c7d8b9f-2hjkl   1/1     Running   0          30s",
        "pod/web-5f6c7d8b9f-mnpqr   1/1     Running   0          30s",
      ),
    },
    {
      name: "colours, CRLF, trailing spaces, and rollout status progress lines",
      command: "kubectl rollout status deployment/web",
      recorded:
        'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\r\nWaiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\r\n\u001b[32mdeployment "web" successfully rolled out\u001b[0m   \r\n',
      replayed: 'deployment "web" successfully rolled out\n',
    },
    {
      name: "uids, resourceVersions, timestamps and the pod-template-hash label in YAML",
      command: "kubectl get rs -o yaml",
      recorded: lines(
        "metadata:",
        '  creationTimestamp: "2023-11-14T22:14:07Z"',
        "  labels:",
        "    pod-template-hash: 7d4b9c8f5d",
        "  name: web-7d4b9c8f5d",
        '  resourceVersion: "81234"',
        "  uid: 6f1c0b4e-8a1d-4a3b-9c55-0e2b7d1f4a10",
      ),
      replayed: lines(
        "metadata:",
        '  creationTimestamp: "2026-01-05T09:00:03Z"',
        "  labels:",
        "    pod-template-hash: 5f6c7d8b9f",
        "  name: web-5f6c7d8b9f",
        '  resourceVersion: "412"',
        "  uid: 0b7e2a51-3c44-4f7e-8d1a-9a6f5e3c2b10",
      ),
    },
    {
      name: "container ids, image digests and pull times in describe",
      command: "kubectl describe pod web",
      recorded: lines(
        "Node:             k8s-w2/10.0.0.12",
        "Start Time:       Tue, 14 Nov 2023 22:14:07 +0000",
        "    Container ID:   containerd://4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b",
        "    Image ID:       docker.io/library/nginx@sha256:10d1f5b58f74683ad34eb29287e07dab1e90f10af243f151bb50aa5dbb4d62ee",
        "Events:",
        "  Type    Reason     Age   From               Message",
        "  ----    ------     ----  ----               -------",
        "  Normal  Scheduled  2m    default-scheduler  Successfully assigned default/web to k8s-w2",
        '  Normal  Pulled     2m    kubelet            Successfully pulled image "nginx:1.25" in 2.345s (2.345s including waiting)',
      ),
      replayed: lines(
        "Node:             k8s-w1/10.0.0.11",
        "Start Time:       Mon, 05 Jan 2026 09:00:01 +0000",
        "    Container ID:   containerd://0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "    Image ID:       docker.io/library/nginx@sha256:aaaaf5b58f74683ad34eb29287e07dab1e90f10af243f151bb50aa5dbb4d62ee",
        "Events:",
        "  Type    Reason     Age   From               Message",
        "  ----    ------     ----  ----               -------",
        "  Normal  Scheduled  1s    default-scheduler  Successfully assigned default/web to k8s-w1",
        '  Normal  Pulled     1s    kubelet            Successfully pulled image "nginx:1.25" in 512ms (512ms including waiting)',
      ),
    },
    {
      name: "docker ps: ids, ages and uptimes",
      command: "docker ps",
      recorded: lines(
        "CONTAINER ID   IMAGE        COMMAND                  CREATED         STATUS         PORTS     NAMES",
        'a1b2c3d4e5f6   nginx:1.25   "/docker-entrypoint.…"   2 minutes ago   Up 2 minutes   80/tcp    web',
      ),
      replayed: lines(
        "CONTAINER ID   IMAGE        COMMAND                  CREATED          STATUS          PORTS     NAMES",
        '9f8e7d6c5b4a   nginx:1.25   "/docker-entrypoint.…"   3 seconds ago    Up 2 seconds    80/tcp    web',
      ),
    },
    {
      name: "the same error in both, stderr placed differently",
      command: "kubectl apply -f .",
      recorded: lines('Error from server (NotFound): namespaces "dev" not found', "deployment.apps/web created"),
      replayed: lines("deployment.apps/web created", 'Error from server (NotFound): namespaces "dev" not found'),
    },
    {
      name: "a container shell's errors (dash, ash) and kubectl exec's exit line, placed differently",
      command: `kubectl exec web -- sh -c "hostname; wget -q localhost; /etc"`,
      recorded: lines(
        "sh: 1: wget: not found",
        "sh: 1: /etc: Permission denied",
        "command terminated with exit code 126",
        "web",
      ),
      replayed: lines(
        "web",
        "sh: 1: wget: not found",
        "sh: 1: /etc: Permission denied",
        "command terminated with exit code 126",
      ),
    },
    {
      name: "busybox ash's not found, placed differently",
      command: `kubectl exec bb -- sh -c "curl -s web; echo done"`,
      recorded: lines("sh: curl: not found", "done"),
      replayed: lines("done", "sh: curl: not found"),
    },
  ];
  it.each(cases)("$name", ({ command, recorded, replayed }) => {
    expect(compareOutput(command, recorded, replayed, 33)).toEqual({ same: true });
  });
});

describe("compareOutput says what still differs, in a Kubernetes user's words", () => {
  const cases: { name: string; command: string; recorded: string; replayed: string; want: OutputComparison }[] = [
    {
      name: "an edited kubectl get pods: 3 Running shown, 2 replayed",
      command: "kubectl get pods",
      recorded: PODS_RECORDED,
      replayed: lines(
        "NAME                   READY   STATUS    RESTARTS   AGE",
        "web-5f6c7d8b9f-2hjkl   1/1     Running   0          4s",
        "web-5f6c7d8b9f-mnpqr   0/1     Pending   0          4s",
        "web-5f6c7d8b9f-zz4k7   1/1     Running   0          4s",
      ),
      want: {
        same: false,
        message: "the output shown for `kubectl get pods` lists 3 Running pods; replaying your commands gives 2",
      },
    },
    {
      name: "a deployment shown further along than the replay can get",
      command: "kubectl get deployments",
      recorded: lines("NAME   READY   UP-TO-DATE   AVAILABLE   AGE", "web    3/3     3            3           5m"),
      replayed: lines("NAME   READY   UP-TO-DATE   AVAILABLE   AGE", "web    2/3     3            2           9s"),
      want: {
        same: false,
        message:
          "the output shown for `kubectl get deployments` shows deployment web with READY 3/3; replaying your commands gives 2/3",
      },
    },
    {
      name: "fewer rows replayed",
      command: "kubectl get svc",
      recorded: lines(
        "NAME         TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE",
        "kubernetes   ClusterIP   10.96.0.1     <none>        443/TCP   3d",
        "web          ClusterIP   10.96.7.10    <none>        80/TCP    1m",
      ),
      replayed: lines(
        "NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE",
        "kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   5m",
      ),
      want: {
        same: false,
        message: "the output shown for `kubectl get svc` lists 2 services; replaying your commands gives 1",
      },
    },
    {
      name: "another object in the same place",
      command: "kubectl get deploy",
      recorded: lines("NAME   READY   UP-TO-DATE   AVAILABLE   AGE", "web    1/1     1            1           5m"),
      replayed: lines("NAME    READY   UP-TO-DATE   AVAILABLE   AGE", "nginx   1/1     1            1           5m"),
      want: {
        same: false,
        message:
          "the output shown for `kubectl get deploy` shows deployment web; replaying your commands lists deployment nginx instead",
      },
    },
    {
      name: "a table shown where the replay found nothing",
      command: "kubectl get pods -n dev",
      recorded: lines("NAME   READY   STATUS    RESTARTS   AGE", "web    1/1     Running   0          1m"),
      replayed: "No resources found in dev namespace.\n",
      want: {
        same: false,
        message: "the output shown for `kubectl get pods -n dev` lists 1 pod; replaying your commands gives none",
      },
    },
    {
      name: "created shown, configured replayed",
      command: "kubectl apply -f web.yaml",
      recorded: "pod/web created\n",
      replayed: "pod/web configured\n",
      want: {
        same: false,
        message:
          'the output shown for `kubectl apply -f web.yaml` shows "pod/web created"; replaying your commands gives "pod/web configured"',
      },
    },
    {
      name: "an error the replay gives is hidden",
      command: "kubectl delete pod web",
      recorded: 'pod "web" deleted\n',
      replayed: 'Error from server (NotFound): pods "web" not found\n',
      want: {
        same: false,
        message:
          'the output shown for `kubectl delete pod web` does not show the error "Error from server (NotFound): pods "web" not found" that replaying your commands gives',
      },
    },
    {
      name: "an error shown that the replay does not give",
      command: "kubectl apply -f pod.yaml",
      recorded:
        "error: error parsing pod.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context\n",
      replayed: "pod/web created\n",
      want: {
        same: false,
        message:
          'the output shown for `kubectl apply -f pod.yaml` shows the error "error: error parsing pod.yaml: error converting YAML to JSON: yaml: line 7: mapping values are no...", which replaying your commands does not give',
      },
    },
    {
      name: "another command: the first differing line",
      command: "cat pod.yaml",
      recorded: lines("apiVersion: v1", "kind: Pod", "metadata:", "  name: web"),
      replayed: lines("apiVersion: v1", "kind: Pod", "metadata:", "  name: nginx"),
      want: {
        same: false,
        message:
          'the output shown for `cat pod.yaml`: line 4 shows "name: web"; replaying your commands gives "name: nginx"',
      },
    },
    {
      name: "output shown where the replay prints nothing",
      command: "kubectl get pods -o name",
      recorded: "pod/web\n",
      replayed: "",
      want: {
        same: false,
        message:
          'the output shown for `kubectl get pods -o name` shows "pod/web"; replaying your commands prints nothing',
      },
    },
    {
      name: "the output shown stops early",
      command: "kubectl get nodes -o name",
      recorded: "node/k8s-m\n",
      replayed: "node/k8s-m\nnode/k8s-w1\n",
      want: {
        same: false,
        message:
          'the output shown for `kubectl get nodes -o name` ends after line 1; replaying your commands goes on with "node/k8s-w1"',
      },
    },
    {
      name: "a heredoc command is named by its first line",
      command: "cat <<EOF | kubectl apply -f -\nkind: Namespace\nEOF",
      recorded: "namespace/dev created\n",
      replayed: "namespace/dev unchanged\n",
      want: {
        same: false,
        message:
          'the output shown for `cat <<EOF | kubectl apply -f -` shows "namespace/dev created"; replaying your commands gives "namespace/dev unchanged"',
      },
    },
  ];
  it.each(cases)("$name", ({ command, recorded, replayed, want }) => {
    expect(compareOutput(command, recorded, replayed, 33)).toEqual(want);
  });
});
