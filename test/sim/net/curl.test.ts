/**
 * curl through the simulated network: ClusterIP and NodePort via kube-proxy, cluster DNS from
 * inside a pod, and the answers of the images behind them. Pods are brought up by the kubelet
 * when one runs; otherwise the helper reports Running/Ready with IPs the way it would.
 */
import { describe, expect, it } from "vitest";
import { curlCommand } from "../../../src/cli/host/curl.ts";
import { VirtualFs } from "../../../src/cli/shell/vfs.ts";
import type { Simulation } from "../../../src/cli/simulation.ts";
import type { ExecResult } from "../../../src/cli/types.ts";
import { createSimulation } from "../../../src/index.ts";
import type { KObject } from "../../../src/sim/k8s/api/object.ts";
import { bringUp } from "./bring-up.ts";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hostname-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: webserver
  template:
    metadata:
      name: my-webserver
      labels:
        app: webserver
    spec:
      containers:
      - name: my-webserver
        image: alicek106/rr-test:echo-hostname
        ports:
        - containerPort: 80
`;

const service = (name: string, type: string, extra = "") => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:${extra}
  ports:
    - name: web-port
      port: 8080
      targetPort: 80
  selector:
    app: webserver
  type: ${type}
`;

async function labWith(version: string, ...manifests: string[]): Promise<Simulation> {
  const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
  for (let i = 0; i < manifests.length; i++) {
    sim.writeFile(`m${i}.yaml`, manifests[i]);
    await sim.exec(`kubectl apply -f m${i}.yaml`);
  }
  await sim.exec("sleep 30");
  bringUp(sim);
  return sim;
}

const hello = (pod: string) =>
  `<!DOCTYPE html>\n<meta charset="utf-8" />\n<link rel="stylesheet" type="text/css" href="./css/layout.css" />\n<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/3.3.2/css/bootstrap.min.css">\n\n<div class="form-layout">\n\t<blockquote>\n\t<p>Hello,  ${pod}</p>\t</blockquote>\n</div>\n`;

const podNames = (sim: Simulation) =>
  sim.cluster.store
    .list("pods", "default")
    .filter((p) => p.metadata.labels?.app === "webserver")
    .map((p) => p.metadata.name!);
const clusterIP = (sim: Simulation, svc: string) => sim.cluster.store.get("services", "default", svc)!.spec.clusterIP;
const nodePort = (sim: Simulation, svc: string) =>
  sim.cluster.store.get("services", "default", svc)!.spec.ports[0].nodePort;

/** Runs curl as if typed inside a container of `pod`. */
function curlInPod(sim: Simulation, pod: KObject, args: string[]): ExecResult {
  const fs = new VirtualFs({ now: () => sim.cluster.clock.now() });
  return curlCommand.run({
    argv: ["curl", ...args],
    stdin: "",
    env: { get: () => undefined, set: () => {}, exported: () => new Map() },
    cwd: "/",
    fs,
    host: {
      hostname: pod.metadata.name!,
      cluster: sim.cluster,
      pod,
      now: () => sim.cluster.clock.now(),
      advance: (ms: number) => sim.advance(ms),
    },
    exec: () => ({ stdout: "", stderr: "", exitCode: 0 }),
  });
}

describe("curl from a node", () => {
  it.each(["1.21", "1.33"])("reaches every pod behind a ClusterIP in turn (%s)", async (version) => {
    const sim = await labWith(version, DEPLOYMENT, service("hostname-svc-clusterip", "ClusterIP"));
    const ip = clusterIP(sim, "hostname-svc-clusterip");
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await sim.exec(`curl http://${ip}:8080`);
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toBe("");
      const pod = /Hello, {2}(\S+)</.exec(r.stdout)![1];
      expect(r.stdout).toBe(hello(pod));
      seen.push(pod);
    }
    expect([...seen].sort()).toEqual(podNames(sim).sort());
  });

  it("greps the greeting as the textbook does", async () => {
    const sim = await labWith("1.33", DEPLOYMENT, service("hostname-svc-clusterip", "ClusterIP"));
    const r = await sim.exec(`curl -s ${clusterIP(sim, "hostname-svc-clusterip")}:8080 | grep Hello`);
    expect(r.stdout).toMatch(/^\t<p>Hello, {2}hostname-deployment-[a-z0-9]+-[a-z0-9]{5}<\/p>\t<\/blockquote>\n$/);
  });

  it.each(["1.21", "1.33"])("reaches the pods through a NodePort on any node's IP (%s)", async (version) => {
    const sim = await labWith(version, DEPLOYMENT, service("hostname-svc-nodeport", "NodePort"));
    const port = nodePort(sim, "hostname-svc-nodeport");
    const w2 = sim.cluster.store.get("nodes", "", "k8s-w2")!.status.addresses[0].address;
    for (const target of [`${w2}:${port}`, `localhost:${port}`]) {
      const r = await sim.exec(`curl -s ${target}`);
      expect(r.exitCode).toBe(0);
      expect(podNames(sim)).toContain(/Hello, {2}(\S+)</.exec(r.stdout)![1]);
    }
  });

  it("keeps a client on one pod with sessionAffinity ClientIP", async () => {
    const sim = await labWith(
      "1.33",
      DEPLOYMENT,
      service("hostname-svc-nodeport-affinity", "NodePort", "\n  sessionAffinity: ClientIP"),
    );
    const port = nodePort(sim, "hostname-svc-nodeport-affinity");
    const answers = new Set<string>();
    for (let i = 0; i < 4; i++) answers.add((await sim.exec(`curl -s localhost:${port}`)).stdout);
    expect(answers.size).toBe(1);
  });

  it.each([
    ["1.21", "curl: (7) Failed to connect to 10.96.0.0 port 8080: Connection refused\n"],
    ["1.33", "curl: (7) Failed to connect to 10.96.0.0 port 8080 after 1 ms: Couldn't connect to server\n"],
  ])("is refused by a Service without ready endpoints (%s)", async (version, message) => {
    const sim = await labWith(version, service("hostname-svc-clusterip", "ClusterIP"));
    const ip = clusterIP(sim, "hostname-svc-clusterip");
    const r = await sim.exec(`curl ${ip}:8080`);
    expect(r).toEqual({ stdout: "", stderr: message.replace("10.96.0.0", ip), exitCode: 7 });
    expect(await sim.exec(`curl -s ${ip}:8080`)).toEqual({ stdout: "", stderr: "", exitCode: 7 });
  });

  it.each([
    ["1.21", "curl: (28) Connection timed out after 2001 milliseconds\n"],
    ["1.33", "curl: (28) Failed to connect to IP port 9999 after 2001 ms: Timeout was reached\n"],
  ])("times out on a port the Service does not expose (%s)", async (version, message) => {
    const sim = await labWith(version, DEPLOYMENT, service("hostname-svc-clusterip", "ClusterIP"));
    const ip = clusterIP(sim, "hostname-svc-clusterip");
    const before = sim.cluster.clock.now();
    const r = await sim.exec(`curl --connect-timeout 2 ${ip}:9999`);
    expect(r).toEqual({ stdout: "", stderr: message.replace("IP", ip), exitCode: 28 });
    expect(sim.cluster.clock.now() - before).toBe(2001 + 1000);
  });

  it("cannot resolve service names: the node does not use the cluster's DNS", async () => {
    const sim = await labWith("1.33", DEPLOYMENT, service("hostname-svc-clusterip", "ClusterIP"));
    expect(await sim.exec("curl hostname-svc-clusterip:8080")).toEqual({
      stdout: "",
      stderr: "curl: (6) Could not resolve host: hostname-svc-clusterip\n",
      exitCode: 6,
    });
  });

  it("drops NodePort traffic on a node without a local endpoint when externalTrafficPolicy is Local", async () => {
    const sim = await labWith("1.33", DEPLOYMENT, service("local", "NodePort", "\n  externalTrafficPolicy: Local"));
    const port = nodePort(sim, "local");
    const cp = sim.cluster.store.get("nodes", "", "k8s-m")!.status.addresses[0].address;
    const r = await sim.exec(`curl -m 3 ${cp}:${port}`);
    expect(r).toEqual({
      stdout: "",
      stderr: `curl: (28) Failed to connect to ${cp} port ${port} after 3001 ms: Timeout was reached\n`,
      exitCode: 28,
    });
  });

  it.each([
    [
      "an unknown option",
      "curl --nope x",
      "curl: option --nope: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      2,
    ],
    [
      "no URL",
      "curl -s",
      "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      2,
    ],
  ])("reports %s in curl's words", async (_name, line, stderr, exitCode) => {
    const sim = await createSimulation({ kubernetesVersion: "1.33", seed: 1 });
    expect(await sim.exec(line)).toEqual({ stdout: "", stderr, exitCode });
  });
});

describe("curl from inside a pod", () => {
  it.each([
    "hostname-svc-clusterip",
    "hostname-svc-clusterip.default",
    "hostname-svc-clusterip.default.svc",
    "hostname-svc-clusterip.default.svc.cluster.local",
  ])("resolves %s through cluster DNS", async (name) => {
    const sim = await labWith("1.33", DEPLOYMENT, service("hostname-svc-clusterip", "ClusterIP"));
    const client = sim.cluster.store.list("pods", "default")[0];
    const r = curlInPod(sim, client, ["-s", `http://${name}:8080/`]);
    expect(r.exitCode).toBe(0);
    expect(podNames(sim)).toContain(/Hello, {2}(\S+)</.exec(r.stdout)![1]);
  });

  it("reaches another pod by IP and its own localhost", async () => {
    const sim = await labWith("1.33", DEPLOYMENT);
    const [a, b] = sim.cluster.store.list("pods", "default");
    expect(curlInPod(sim, a, ["-s", b.status.podIP]).stdout).toBe(hello(b.metadata.name!));
    expect(curlInPod(sim, a, ["-s", "localhost"]).stdout).toBe(hello(a.metadata.name!));
  });
});

describe("nginx behind a Service", () => {
  const NGINX_POD = `apiVersion: v1
kind: Pod
metadata:
  name: my-nginx-pod
  labels: {app: webserver}
spec:
  containers:
  - name: my-nginx-container
    image: nginx:latest
`;

  it("serves nginx's default page and its headers", async () => {
    const sim = await labWith("1.33", NGINX_POD);
    const ip = sim.cluster.store.get("pods", "default", "my-nginx-pod")!.status.podIP;
    const page = (await sim.exec(`curl -s ${ip}`)).stdout;
    expect(page.length).toBe(615);
    expect(page.split("\n").slice(0, 4)).toEqual([
      "<!DOCTYPE html>",
      "<html>",
      "<head>",
      "<title>Welcome to nginx!</title>",
    ]);
    const head = await sim.exec(`curl -sI ${ip}`);
    expect(head.stdout.split("\r\n").filter((l) => !l.startsWith("Date:"))).toEqual([
      "HTTP/1.1 200 OK",
      "Server: nginx/1.29.3",
      "Content-Type: text/html",
      "Content-Length: 615",
      "Last-Modified: Tue, 28 Oct 2025 12:05:10 GMT",
      "Connection: keep-alive",
      'ETag: "6900b176-267"',
      "Accept-Ranges: bytes",
      "",
      "",
    ]);
    // nginx's own error pages end their lines with CRLF (153 bytes here, as the access log says).
    const notFound =
      "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.29.3</center>\r\n</body>\r\n</html>\r\n";
    expect((await sim.exec(`curl -s ${ip}/nope`)).stdout).toBe(notFound);
    expect((await sim.exec(`curl -sI ${ip}/nope`)).stdout).toContain("Content-Length: 153\r\n");
    const log = (await sim.exec("kubectl logs my-nginx-pod | tail -2")).stdout;
    expect(log).toMatch(/"GET \/nope HTTP\/1\.1" 404 153 "-" "curl\/[0-9.]+" "-"\n.*"HEAD \/nope HTTP\/1\.1" 404 0 /);
  });

  it("serves the page a student wrote into the container, with its own Last-Modified", async () => {
    const sim = await labWith("1.33", NGINX_POD);
    const ip = sim.cluster.store.get("pods", "default", "my-nginx-pod")!.status.podIP;
    await sim.exec(`kubectl exec my-nginx-pod -- sh -c 'echo hello > /usr/share/nginx/html/index.html'`);
    expect((await sim.exec(`curl -s ${ip}`)).stdout).toBe("hello\n");
    const head = (await sim.exec(`curl -sI ${ip}`)).stdout;
    expect(head).toContain("Content-Length: 6\r\n");
    expect(head).not.toContain("Last-Modified: Tue, 28 Oct 2025");
    expect((await sim.exec("kubectl logs my-nginx-pod | tail -2")).stdout).toMatch(
      /"GET \/ HTTP\/1\.1" 200 6 .*\n.*"HEAD \/ HTTP\/1\.1" 200 0 /,
    );
  });

  it("writes the page to a file with -o, drawing the progress meter", async () => {
    const sim = await labWith("1.33", NGINX_POD);
    const ip = sim.cluster.store.get("pods", "default", "my-nginx-pod")!.status.podIP;
    const r = await sim.exec(`curl -o index.html ${ip} && wc -c index.html`);
    expect(r.stdout).toBe("615 index.html\n");
    expect(r.stderr).toBe(
      "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
        "                                 Dload  Upload   Total   Spent    Left  Speed\n" +
        "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k\n",
    );
  });

  it.each([
    [
      "1.33",
      (ip: string) =>
        `*   Trying ${ip}:80...\n* Connected to ${ip} (${ip}) port 80\n> GET / HTTP/1.1\n> Host: ${ip}\n> User-Agent: curl/8.5.0\n> Accept: */*\n> \n< HTTP/1.1 200 OK\n`,
    ],
    [
      "1.21",
      (ip: string) =>
        `*   Trying ${ip}:80...\n* TCP_NODELAY set\n* Connected to ${ip} (${ip}) port 80 (#0)\n> GET / HTTP/1.1\n> Host: ${ip}\n> User-Agent: curl/7.68.0\n> Accept: */*\n> \n< HTTP/1.1 200 OK\n`,
    ],
  ])("prints the exchange with -v (%s)", async (version, start) => {
    const sim = await labWith(version, NGINX_POD);
    const ip = sim.cluster.store.get("pods", "default", "my-nginx-pod")!.status.podIP;
    const r = await sim.exec(`curl -v ${ip}`);
    expect(r.stderr.startsWith(start(ip))).toBe(true);
    expect(r.stderr.endsWith(`< \n* Connection #0 to host ${ip} left intact\n`)).toBe(true);
  });
});
