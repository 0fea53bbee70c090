/**
 * Benchmarks of the foundation, each reported against a baseline measured in the same run:
 *  (a) `kubectl apply -f` of a 3-document manifest plus `kubectl get` of the result, against
 *      js-yaml parsing the same text (target: at most 20x);
 *  (c) createSimulation of the default cluster (target: at most 20 ms).
 * Each is measured warm (after a few hundred untimed runs), as in a grader that has been up for
 * a while; each timed run gets a cluster of its own, built outside the timed part.
 */
import { loadAll } from "js-yaml";
import { buildSimulation } from "../src/cli/simulation.ts";
import { fmt, measure, measureFresh, stats } from "./util.ts";

export const THREE_DOCUMENTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
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
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  index.html: |
    <h1>hello</h1>
`;

/** A default cluster with `file` written to its working directory. */
function freshSimulation(i: number, file: string) {
  const r = buildSimulation({ seed: i + 1 });
  if (!r.ok) throw new Error(r.error);
  r.simulation.writeFile("web.yaml", file);
  return r.simulation;
}

export async function benchApplyGet(runs = 500, warmup = 300) {
  const applyGet = stats(
    measureFresh(
      (i) => freshSimulation(i, THREE_DOCUMENTS),
      (s) => {
        const a = s.current.shell.exec("kubectl apply -f web.yaml");
        const g = s.current.shell.exec("kubectl get -f web.yaml");
        if (a.exitCode !== 0 || g.exitCode !== 0) throw new Error(a.stderr + g.stderr);
      },
      runs,
      warmup,
    ),
  );
  const parse = stats(await measure(() => loadAll(THREE_DOCUMENTS), runs * 20, warmup * 20));
  return { applyGet, parse, ratio: applyGet.median / parse.median };
}

export async function benchCreateSimulation(runs = 200) {
  let seed = 1;
  const create = stats(
    await measure(() => {
      const r = buildSimulation({ seed: seed++ });
      if (!r.ok) throw new Error(r.error);
    }, runs),
  );
  return { create };
}

export function report(
  a: Awaited<ReturnType<typeof benchApplyGet>>,
  c: Awaited<ReturnType<typeof benchCreateSimulation>>,
) {
  return [
    `(a) kubectl apply -f (3 documents) + kubectl get -f: median ${fmt(a.applyGet.median)}, p99 ${fmt(a.applyGet.p99)}`,
    `    js-yaml loadAll of the same text:              median ${fmt(a.parse.median)}`,
    `    ratio ${a.ratio.toFixed(1)}x (target at most 20x)`,
    `(c) createSimulation of the default cluster: median ${fmt(c.create.median)}, p99 ${fmt(c.create.p99)} (target at most 20 ms)`,
  ].join("\n");
}

/** A 3-replica Deployment applied and run until every pod is Running, against the apply alone. */
export async function benchDeploymentRunning(runs = 300, warmup = 200): Promise<string> {
  const deployment = THREE_DOCUMENTS.split("---")[0];
  let virtualMs = 0;
  const run = stats(
    measureFresh(
      (i) => freshSimulation(i, deployment),
      (s) => {
        const start = s.cluster.clock.now();
        s.current.shell.exec("kubectl apply -f web.yaml");
        for (let n = 0; n < 120; n++) {
          const pods = s.cluster.store.list("pods", "default");
          if (pods.length === 3 && pods.every((p) => p.status?.phase === "Running")) break;
          s.advance(1000);
        }
        virtualMs = s.cluster.clock.now() - start;
      },
      runs,
      warmup,
    ),
  );
  return `3-replica Deployment to all Running: median ${fmt(run.median)}, p99 ${fmt(run.p99)} (${virtualMs / 1000}s of virtual time, warm)`;
}
