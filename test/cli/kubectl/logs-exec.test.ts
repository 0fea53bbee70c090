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
    name: "exec and logs choose a container by -c, the default-container annotation, or the first",
    commands: [
      `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: duo
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ["sh", "-c", "echo ready"]
  containers:
  - name: web
    image: nginx:1.25
  - name: side
    image: busybox:1.36
    command: ["sh", "-c", "echo side up; sleep 3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: marked
  annotations:
    kubectl.kubernetes.io/default-container: side
spec:
  containers:
  - name: web
    image: nginx:1.25
  - name: side
    image: busybox:1.36
    command: ["sh", "-c", "echo side up; sleep 3600"]
EOF`,
      "sleep 10",
      "kubectl exec duo -- hostname",
      "kubectl exec -q duo -- hostname",
      "kubectl exec marked -- hostname",
      "kubectl exec duo -c side -- hostname",
      "kubectl exec duo -c nope -- hostname",
      "kubectl logs duo",
      "kubectl logs marked",
      "kubectl logs duo -c nope",
      "kubectl logs duo setup",
    ],
  },
  {
    name: "curl inside a container is the image's own curl, on every cluster version",
    commands: [
      "kubectl run web --image=nginx:1.27",
      "kubectl run old --image=nginx:1.21.6",
      "sleep 10",
      "kubectl exec web -- curl -V",
      "kubectl exec web -- curl -s -o /dev/null localhost",
      "kubectl exec old -- curl -s -o /dev/null localhost",
      "kubectl exec old -- curl -s localhost:81",
      "kubectl logs web --tail 1 | cut -d' ' -f 6-",
      "kubectl logs old --tail 1 | cut -d' ' -f 6-",
    ],
  },
  {
    name: "busybox nslookup of a Service, a FQDN, an IP and a missing name",
    commands: [
      "kubectl create deployment web --image=nginx:1.25",
      "kubectl expose deployment web --port=80",
      "kubectl run busybox --image=busybox:1.36 -- sleep 3600",
      "kubectl run old --image=busybox:1.28 -- sleep 3600",
      "sleep 10",
      "kubectl exec -it busybox -- nslookup web",
      "kubectl exec -it busybox -- nslookup web.default.svc.cluster.local",
      "kubectl exec -it busybox -- nslookup web.default",
      "kubectl exec -it busybox -- nslookup kubernetes.default.svc.cluster.local",
      "kubectl exec -it busybox -- nslookup nope",
      `kubectl exec -it busybox -- nslookup $(kubectl get pods -l app=web -o jsonpath='{.items[0].status.podIP}')`,
      `kubectl exec -it busybox -- nslookup $(kubectl get pod old -o jsonpath='{.status.podIP}')`,
      "kubectl exec -it old -- nslookup kubernetes.default",
      "kubectl exec -it old -- nslookup nope",
    ],
  },
  {
    name: "the source address nginx logs for requests from nodes, pods and NodePorts",
    commands: [
      "kubectl create deployment web --image=nginx:1.25",
      "kubectl expose deployment web --port=80 --type=NodePort",
      "kubectl run client --image=nginx:1.25",
      "sleep 10",
      "kubectl get nodes -o wide | awk '{print $1, $6}'",
      "kubectl describe nodes | grep IPIPTunnelAddr",
      "kubectl get pods -o wide | awk '{print $1, $6, $7}'",
      "WEB=$(kubectl get pods -l app=web -o jsonpath='{.items[0].status.podIP}')",
      "PORT=$(kubectl get svc web -o jsonpath='{.spec.ports[0].nodePort}')",
      "NODE=$(kubectl get pods -l app=web -o jsonpath='{.items[0].spec.nodeName}')",
      "NODEIP=$(kubectl get node $NODE -o jsonpath='{.status.addresses[0].address}')",
      "curl -s -o /dev/null $WEB",
      "curl -s -o /dev/null localhost:$PORT",
      "curl -s -o /dev/null $NODEIP:$PORT",
      "kubectl exec client -- curl -s -o /dev/null web",
      "kubectl exec client -- curl -s -o /dev/null $NODEIP:$PORT",
      "kubectl logs deploy/web | grep HTTP | awk '{print $1, $7}'",
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
