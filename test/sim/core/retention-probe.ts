/**
 * Run by retention.test.ts in a process of its own, with --expose-gc: builds simulations and
 * drops them, as a grader does, and prints how much the old generation grew across minor
 * collections only. A simulation that something in the old generation still reaches (a
 * module-level WeakMap entry whose value leads back to its key, an object literal's getter)
 * is promoted with all it holds, so the old generation grows by a few hundred KB per build.
 */
import { getHeapSpaceStatistics } from "node:v8";
import { buildSimulation } from "../../../src/cli/simulation.ts";

const gc = (globalThis as { gc?: (o?: { type: "minor" | "major" }) => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const oldSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === "old_space")?.space_used_size ?? 0;
const builds = Number(process.argv[2] ?? 150);

for (let i = 0; i < 20; i++) buildSimulation({});
gc({ type: "major" });
const before = oldSpace();
for (let i = 0; i < builds; i++) {
  const built = buildSimulation({});
  if (!built.ok) throw new Error(built.error);
  built.simulation.execSync("kubectl get pods -A >/dev/null");
  // Collected after it is dropped: nothing of this build should need to survive.
  gc({ type: "minor" });
}
console.log(JSON.stringify({ builds, grownBytes: oldSpace() - before }));
