/**
 * The pod lifecycle in virtual time, replayed from the textbook's manifests: ContainerCreating
 * then Running, image pull failures and their back-off, crash loops and restart counts, restart
 * policies, init containers, probes, hooks, graceful termination.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golden, render, type Session, slug } from "./golden.ts";
import { corpus, HAVE_CORPUS } from "./helpers.ts";

const GOLDEN = join(import.meta.dirname, "golden");

const sessions = (): Session[] => [
  {
    name: "the nginx pod is ContainerCreating at once and Running after the pull",
    files: { "nginx-pod.yaml": corpus("chapter6/nginx-pod.yaml") },
    commands: [
      "kubectl apply -f nginx-pod.yaml",
      "kubectl get pods -o wide",
      "sleep 4",
      "kubectl get pods -o wide",
      "kubectl get pod my-nginx-pod -o yaml",
      "kubectl describe pod my-nginx-pod",
    ],
  },
  {
    name: "an unknown tag gives ErrImagePull then ImagePullBackOff with a doubling back-off",
    commands: [
      "kubectl run nope --image=nginx:nope",
      "sleep 2",
      "kubectl get pods",
      "sleep 25",
      "kubectl get pods",
      "kubectl get pod nope -o jsonpath='{.status.containerStatuses[0].state}'",
      "sleep 120",
      "kubectl describe pod nope | sed -n '/^Events:/,$p'",
      "kubectl logs nope",
    ],
  },
  {
    name: "an unknown repository is denied",
    commands: [
      "kubectl run ghost --image=nosuchuser/nosuchimage:1.0",
      "sleep 5",
      "kubectl get events --field-selector reason=Failed",
    ],
  },
  {
    name: "a failing command crash-loops with growing restart counts",
    commands: [
      "kubectl run crash --image=busybox --image-pull-policy=IfNotPresent -- sh -c 'echo starting; exit 1'",
      "sleep 5",
      "kubectl get pods",
      "sleep 30",
      "kubectl get pods",
      "sleep 300",
      "kubectl get pods",
      "kubectl logs crash",
      "kubectl logs crash --previous",
      "kubectl get pod crash -o jsonpath='{.status.containerStatuses[0].state.waiting.message}'",
      "kubectl describe pod crash | sed -n '/^Events:/,$p'",
    ],
  },
  {
    name: "restartPolicy decides between Running, Completed and Error",
    files: {
      "completed.yaml": corpus("chapter11-3/completed-pod.yaml"),
      "never.yaml": corpus("chapter11-3/completed-pod-restart-never.yaml"),
      "error.yaml": corpus("chapter11-3/error-pod-restart-never.yaml"),
    },
    commands: [
      "kubectl apply -f completed.yaml -f never.yaml -f error.yaml",
      "sleep 8",
      "kubectl get pods",
      "sleep 10",
      "kubectl get pods",
      "sleep 60",
      "kubectl get pods",
      "kubectl get pod error-pod-restart-never -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}'",
    ],
  },
  {
    name: "init containers run first, in order",
    files: { "init.yaml": corpus("chapter11-3/init-container-example.yaml") },
    commands: [
      "kubectl apply -f init.yaml",
      "kubectl get pods",
      "sleep 2",
      "kubectl get pods",
      "sleep 5",
      "kubectl get pods",
      "kubectl logs init-container-example -c my-init-container",
      "kubectl get pod init-container-example -o jsonpath='{.status.initContainerStatuses[0].state.terminated.reason}'",
    ],
  },
  {
    name: "a failing init container blocks the pod",
    commands: [
      `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: init-fails
spec:
  initContainers:
  - name: check
    image: busybox:1.36
    command: ["sh", "-c", "echo checking; exit 2"]
  containers:
  - name: app
    image: nginx:1.25
EOF`,
      "sleep 5",
      "kubectl get pods",
      "sleep 30",
      "kubectl get pods",
    ],
  },
  {
    name: "a readiness probe with an initial delay keeps the pod unready",
    files: { "probe.yaml": corpus("chapter11-3/probe-options.yaml") },
    commands: ["kubectl apply -f probe.yaml", "sleep 6", "kubectl get pods", "sleep 8", "kubectl get pods"],
  },
  {
    name: "a readiness probe on a port nothing serves fails",
    commands: [
      `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: wrong-port
spec:
  containers:
  - name: web
    image: nginx:1.25
    readinessProbe:
      httpGet:
        port: 8080
        path: /healthz
EOF`,
      "sleep 40",
      "kubectl get pods",
      "kubectl describe pod wrong-port | sed -n '/^Events:/,$p'",
    ],
  },
  {
    name: "a failing liveness probe restarts the container",
    files: { "live.yaml": corpus("chapter11-3/livenessprobe-pod.yaml") },
    commands: [
      "kubectl apply -f live.yaml",
      "sleep 5",
      "kubectl exec livenessprobe-pod -- rm /usr/share/nginx/html/index.html",
      "sleep 40",
      "kubectl get pods",
      "kubectl describe pod livenessprobe-pod | sed -n '/^Events:/,$p'",
      "kubectl logs livenessprobe-pod --previous --tail 3",
    ],
  },
  {
    name: "a postStart hook runs in the container",
    files: { "post.yaml": corpus("chapter11-3/poststart-hook.yaml") },
    commands: ["kubectl apply -f post.yaml", "sleep 5", "kubectl exec poststart-hook -- ls -l /myfile"],
  },
  {
    name: "deleting pods: nginx stops at once, sleep waits for the grace period, force is immediate",
    files: { "grace.yaml": corpus("chapter11-3/termination-grace-period-seconds.yaml") },
    commands: [
      "kubectl run web --image=nginx:1.25",
      "kubectl run sleeper --image=busybox:1.36 -- sleep 3600",
      "kubectl apply -f grace.yaml",
      "sleep 5",
      "kubectl delete pod sleeper --wait=false",
      "kubectl get pods",
      "sleep 10",
      "kubectl get pod sleeper -o jsonpath='{.metadata.deletionGracePeriodSeconds} {.metadata.deletionTimestamp}'",
      "sleep 25",
      "kubectl get pods",
      "kubectl delete pod web",
      "kubectl delete pod termination-grace-period-seconds --grace-period=0 --force",
      "kubectl get pods",
      "kubectl get events --field-selector reason=Killing",
    ],
  },
];

describe.skipIf(!HAVE_CORPUS)("the kubelet's pod lifecycle", () => {
  for (const s of HAVE_CORPUS ? sessions() : []) {
    for (const v of s.versions ?? (["1.21", "1.33"] as const)) {
      it(`${s.name} (${v})`, async () => {
        const actual = await render(v, s);
        expect(actual).toEqual(golden(join(GOLDEN, `${slug(s.name)}.${v}.txt`), actual));
      });
    }
  }
});
