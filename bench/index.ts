/** `npm run bench`: every benchmark, each reported with its baseline measured in the same run. */
import { benchApplyGet, benchCreateSimulation, report } from "./kubectl.ts";
import { benchShell } from "./shell.ts";

const a = await benchApplyGet();
const b = await benchShell();
const c = await benchCreateSimulation();
console.log(report(a, c));
console.log(
  `(b) shell cost per trivial command inside a 50-command script: median ${(b.medianMsPerCommand * 1000).toFixed(1)} µs (target at most 200 µs)`,
);
