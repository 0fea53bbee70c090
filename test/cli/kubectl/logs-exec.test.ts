/**
 * kubectl logs and exec against the simulated kubelet: what containers print, the container
 * choice and its errors per version, the files, environment and hostname a container sees,
 * and the runtime's errors for commands an image lacks.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golden, render, type Session, slug } from "../../sim/k8s/kubelet/golden.ts";
import { corpus, HAVE_CORPUS } from "../../sim/k8s/kubelet/helpers.ts";

const GOLDEN = join(import.meta.dirname, "golden");

const sessions = (): Session[] => [
  {
    name: "logs of nginx, a sidecar pod and its container choice",
    files: { "sidecar.yaml": corpus("chapter6/nginx-pod-with-ubuntu.yaml") },
    commands: [
      "kubectl apply -f sidecar.yaml",
      "kubectl logs my-nginx-pod -c my-nginx-container",
      "sleep 8",
      "kubectl logs my-nginx-pod",
      "kubectl logs my-nginx-pod -c my-nginx-container --tail 3 --timestamps",
      "kubectl exec my-nginx-pod -c ubuntu-sidecar-container -- curl -s localhost | grep title",
      "kubectl logs my-nginx-pod -c my-nginx-container --since=5s",
      "kubectl logs my-nginx-pod -c nope",
      "kubectl logs",
      "kubectl logs nothere",
    ],
  },
  {
    name: "logs of a looping busybox command grow with time and follow returns at once",
    commands: [
      "kubectl run ticker --image=busybox:1.36 -- sh -c 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 5; done'",
      "sleep 12",
      "kubectl logs ticker",
      "sleep 20",
      "kubectl logs ticker -f --tail 2",
      "kubectl logs ticker --previous",
    ],
  },
  {
    name: "logs of a deployment pick one of its pods",
    commands: [
      "kubectl create deployment web --image=nginx:1.16 --replicas=2",
      "sleep 8",
      "kubectl logs deploy/web",
      "kubectl logs -l app=web --prefix",
    ],
  },
  {
    name: "exec sees the container's files, environment and hostname",
    commands: [
      "kubectl create configmap cfg --from-literal=color=blue --from-literal=size=10",
      "kubectl create secret generic pw --from-literal=password=s3cr3t",
      `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: box
spec:
  containers:
  - name: box
    image: busybox:1.36
    command: ["sleep", "3600"]
    env:
    - name: GREETING
      value: hello
    - name: MY_POD
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
    volumeMounts:
    - name: cfg
      mountPath: /etc/cfg
    - name: pw
      mountPath: /etc/pw
      readOnly: true
  volumes:
  - name: cfg
    configMap:
      name: cfg
  - name: pw
    secret:
      secretName: pw
EOF`,
      "sleep 5",
      "kubectl exec box -- hostname",
      "kubectl exec box -- ls /etc/cfg",
      "kubectl exec box -- cat /etc/cfg/color /etc/pw/password",
      "kubectl exec box -- env",
      "kubectl exec box -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace",
      "kubectl exec box -- sh -c 'echo $GREETING from $(hostname); exit 3'",
      "kubectl exec box -- bash",
      "kubectl exec box -- cat /nope",
      "kubectl exec box ls /",
      "kubectl exec box",
      "kubectl exec box --",
    ],
  },
  {
    name: "exec into a pod that is not running",
    commands: [
      "kubectl run later --image=nginx:1.25",
      "kubectl exec later -- ls",
      "kubectl run done --image=busybox:1.36 --restart=Never -- echo bye",
      "sleep 5",
      "kubectl exec done -- ls",
      "kubectl logs done",
    ],
  },
];

describe.skipIf(!HAVE_CORPUS)("kubectl logs and exec", () => {
  for (const s of HAVE_CORPUS ? sessions() : []) {
    for (const v of s.versions ?? (["1.21", "1.33"] as const)) {
      it(`${s.name} (${v})`, async () => {
        const actual = await render(v, s);
        expect(actual).toEqual(golden(join(GOLDEN, `${slug(s.name)}.${v}.txt`), actual));
      });
    }
  }
});
