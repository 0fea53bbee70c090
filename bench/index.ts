/** `npm run bench`: every benchmark, each reported with its baseline measured in the same run. */
import { benchGrading } from "./grading.ts";
import { benchApplyGet, benchCreateSimulation, benchDeploymentRunning, report } from "./kubectl.ts";
import { runPureScheduler, runScale, report as scaleReport } from "./scale.ts";
import { benchService } from "./service.ts";
import { benchShell } from "./shell.ts";

console.log("== foundation (issue: kubectl core, shell, createSimulation)");
const a = await benchApplyGet();
const b = await benchShell();
const c = await benchCreateSimulation();
console.log(report(a, c));
console.log(
  `(b) shell cost per trivial command inside a 50-command script: median ${(b.medianMsPerCommand * 1000).toFixed(1)} µs (target at most 200 µs)`,
);
console.log("\n== workloads: a 3-replica Deployment applied and run until every pod is Running (target at most 2 ms)");
console.log(await benchDeploymentRunning());
console.log("\n== grading: each catalogue lab's reference solution (target median at most 5 ms, p99 at most 20 ms)");
for (const l of await benchGrading()) console.log(l);
console.log("\n== scale, reduced: 500 nodes, 10,000 replicas (full case: npx tsx bench/scale.ts 5000 150000)");
console.log(scaleReport(runScale(500, 10_000), runPureScheduler(500, 10_000), true));
console.log(
  "\n== service: POST /api/v1/submissions through the Node server on PGlite, 50 concurrent connections for 10 s, against grade() in-process (target: no errors, p50 at most 2x in-process grading; see bench/service.ts on reading the ratios)",
);
for (const l of await benchService()) console.log(l);
console.log("\n(the 5,000-node scheduler benchmark: npx tsx bench/scheduler.ts)");
