/**
 * The textbook's chapter 6 Services (start-docker-kubernetes/chapter6: the hostname Deployment
 * behind ClusterIP, NodePort and LoadBalancer Services) replayed on 1.21 and 1.33: services,
 * endpoints, endpoint slices and `describe service`, full outputs. Pod IPs are the kubelet's
 * choice and appear as `<ip of POD>`. The corpus is read from ../shared; skipped when absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/index.ts";
import { bringUp, tokenizePodIPs } from "./bring-up.ts";

const BOOK = new URL("../../../../shared/corpus/book/start-docker-kubernetes/chapter6/", import.meta.url).pathname;
const HAVE_BOOK = existsSync(BOOK);
if (!HAVE_BOOK) console.warn(`skipping chapter 6 service transcripts: ${BOOK} is absent`);

const FILES = [
  "deployment-hostname.yaml",
  "hostname-svc-clusterip.yaml",
  "hostname-svc-nodeport.yaml",
  "hostname-svc-lb.yaml",
];

type Step = [command: string, stdout: string, stderr: string, exitCode: number];

const TRANSCRIPTS: Record<string, Step[]> = {
  "1.21": [
    [
      "kubectl get services",
      `NAME                     TYPE           CLUSTER-IP       EXTERNAL-IP   PORT(S)          AGE
hostname-svc-clusterip   ClusterIP      10.109.153.69    <none>        8080/TCP         34s
hostname-svc-lb          LoadBalancer   10.107.188.203   <pending>     80:30232/TCP     32s
hostname-svc-nodeport    NodePort       10.109.87.218    <none>        8080:31492/TCP   33s
kubernetes               ClusterIP      10.96.0.1        <none>        443/TCP          10m
`,
      ``,
      0,
    ],
    [
      "kubectl get endpoints",
      `NAME                     ENDPOINTS                                   AGE
hostname-svc-clusterip   <ip of hostname-deployment-7b9ffcff48-2ctqj>:80,<ip of hostname-deployment-7b9ffcff48-2f4wr>:80,<ip of hostname-deployment-7b9ffcff48-rbr59>:80   35s
hostname-svc-lb          <ip of hostname-deployment-7b9ffcff48-2ctqj>:80,<ip of hostname-deployment-7b9ffcff48-2f4wr>:80,<ip of hostname-deployment-7b9ffcff48-rbr59>:80   33s
hostname-svc-nodeport    <ip of hostname-deployment-7b9ffcff48-2ctqj>:80,<ip of hostname-deployment-7b9ffcff48-2f4wr>:80,<ip of hostname-deployment-7b9ffcff48-rbr59>:80   34s
kubernetes               192.168.0.10:6443                           10m
`,
      ``,
      0,
    ],
    [
      "kubectl get endpointslices",
      `NAME                           ADDRESSTYPE   PORTS   ENDPOINTS                          AGE
hostname-svc-clusterip-trqft   IPv4          80      <ip of hostname-deployment-7b9ffcff48-rbr59>,<ip of hostname-deployment-7b9ffcff48-2ctqj>,<ip of hostname-deployment-7b9ffcff48-2f4wr>   36s
hostname-svc-lb-gp4fv          IPv4          80      <ip of hostname-deployment-7b9ffcff48-rbr59>,<ip of hostname-deployment-7b9ffcff48-2ctqj>,<ip of hostname-deployment-7b9ffcff48-2f4wr>   34s
hostname-svc-nodeport-v66hv    IPv4          80      <ip of hostname-deployment-7b9ffcff48-rbr59>,<ip of hostname-deployment-7b9ffcff48-2ctqj>,<ip of hostname-deployment-7b9ffcff48-2f4wr>   35s
kubernetes                     IPv4          6443    192.168.0.10                       10m
`,
      ``,
      0,
    ],
    [
      "kubectl describe service hostname-svc-clusterip",
      `Name:              hostname-svc-clusterip
Namespace:         default
Labels:            <none>
Annotations:       <none>
Selector:          app=webserver
Type:              ClusterIP
IP Family Policy:  SingleStack
IP Families:       IPv4
IP:                10.109.153.69
IPs:               10.109.153.69
Port:              web-port  8080/TCP
TargetPort:        80/TCP
Endpoints:         <ip of hostname-deployment-7b9ffcff48-2ctqj>:80,<ip of hostname-deployment-7b9ffcff48-2f4wr>:80,<ip of hostname-deployment-7b9ffcff48-rbr59>:80
Session Affinity:  None
Events:            <none>
`,
      ``,
      0,
    ],
    [
      "kubectl describe service hostname-svc-nodeport",
      `Name:                     hostname-svc-nodeport
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=webserver
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.109.87.218
IPs:                      10.109.87.218
Port:                     web-port  8080/TCP
TargetPort:               80/TCP
NodePort:                 web-port  31492/TCP
Endpoints:                <ip of hostname-deployment-7b9ffcff48-2ctqj>:80,<ip of hostname-deployment-7b9ffcff48-2f4wr>:80,<ip of hostname-deployment-7b9ffcff48-rbr59>:80
Session Affinity:         None
External Traffic Policy:  Cluster
Events:                   <none>
`,
      ``,
      0,
    ],
  ],
  "1.33": [
    [
      "kubectl get services",
      `NAME                     TYPE           CLUSTER-IP       EXTERNAL-IP   PORT(S)          AGE
hostname-svc-clusterip   ClusterIP      10.100.249.52    <none>        8080/TCP         34s
hostname-svc-lb          LoadBalancer   10.99.75.139     <pending>     80:31591/TCP     32s
hostname-svc-nodeport    NodePort       10.107.197.240   <none>        8080:31790/TCP   33s
kubernetes               ClusterIP      10.96.0.1        <none>        443/TCP          10m
`,
      ``,
      0,
    ],
    [
      "kubectl get endpoints",
      `NAME                     ENDPOINTS                                   AGE
hostname-svc-clusterip   <ip of hostname-deployment-7b9ffcff48-ksx9r>:80,<ip of hostname-deployment-7b9ffcff48-wn6zf>:80,<ip of hostname-deployment-7b9ffcff48-z64w6>:80   35s
hostname-svc-lb          <ip of hostname-deployment-7b9ffcff48-ksx9r>:80,<ip of hostname-deployment-7b9ffcff48-wn6zf>:80,<ip of hostname-deployment-7b9ffcff48-z64w6>:80   33s
hostname-svc-nodeport    <ip of hostname-deployment-7b9ffcff48-ksx9r>:80,<ip of hostname-deployment-7b9ffcff48-wn6zf>:80,<ip of hostname-deployment-7b9ffcff48-z64w6>:80   34s
kubernetes               192.168.0.10:6443                           10m
`,
      "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n",
      0,
    ],
    [
      "kubectl get endpointslices",
      `NAME                           ADDRESSTYPE   PORTS   ENDPOINTS                          AGE
hostname-svc-clusterip-7cbrt   IPv4          80      <ip of hostname-deployment-7b9ffcff48-z64w6>,<ip of hostname-deployment-7b9ffcff48-ksx9r>,<ip of hostname-deployment-7b9ffcff48-wn6zf>   36s
hostname-svc-lb-6h4gs          IPv4          80      <ip of hostname-deployment-7b9ffcff48-z64w6>,<ip of hostname-deployment-7b9ffcff48-ksx9r>,<ip of hostname-deployment-7b9ffcff48-wn6zf>   34s
hostname-svc-nodeport-dnhth    IPv4          80      <ip of hostname-deployment-7b9ffcff48-z64w6>,<ip of hostname-deployment-7b9ffcff48-ksx9r>,<ip of hostname-deployment-7b9ffcff48-wn6zf>   35s
kubernetes                     IPv4          6443    192.168.0.10                       10m
`,
      ``,
      0,
    ],
    [
      "kubectl describe service hostname-svc-clusterip",
      `Name:                     hostname-svc-clusterip
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=webserver
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.100.249.52
IPs:                      10.100.249.52
Port:                     web-port  8080/TCP
TargetPort:               80/TCP
Endpoints:                <ip of hostname-deployment-7b9ffcff48-z64w6>:80,<ip of hostname-deployment-7b9ffcff48-ksx9r>:80,<ip of hostname-deployment-7b9ffcff48-wn6zf>:80
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`,
      ``,
      0,
    ],
    [
      "kubectl describe service hostname-svc-nodeport",
      `Name:                     hostname-svc-nodeport
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=webserver
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.107.197.240
IPs:                      10.107.197.240
Port:                     web-port  8080/TCP
TargetPort:               80/TCP
NodePort:                 web-port  31790/TCP
Endpoints:                <ip of hostname-deployment-7b9ffcff48-z64w6>:80,<ip of hostname-deployment-7b9ffcff48-ksx9r>:80,<ip of hostname-deployment-7b9ffcff48-wn6zf>:80
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`,
      ``,
      0,
    ],
  ],
};

describe.skipIf(!HAVE_BOOK)("chapter 6 services, replayed", () => {
  it.each(Object.keys(TRANSCRIPTS))("prints what kubectl %s prints once the pods run", async (version) => {
    const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
    for (const f of FILES) sim.writeFile(f, readFileSync(BOOK + f, "utf8"));
    for (const f of FILES) expect((await sim.exec(`kubectl apply -f ${f}`)).exitCode).toBe(0);
    await sim.exec("sleep 30");
    bringUp(sim);
    for (const [command, stdout, stderr, exitCode] of TRANSCRIPTS[version]) {
      const r = await sim.exec(command);
      expect({ command, ...r, stdout: tokenizePodIPs(sim, r.stdout) }).toEqual({ command, stdout, stderr, exitCode });
    }
  });
});
