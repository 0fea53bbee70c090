#!/usr/bin/env node
// The whole test suite, as `npm test` runs it: types, lint, then every vitest tier.
// Ends with one line `N passed, N failed` that CI reads.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tsImport } from "tsx/esm/api";

let passed = 0;
let failed = 0;

function step(name, cmd, args) {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(cmd, args, { stdio: "inherit", shell: false });
  if (r.status === 0) passed += 1;
  else {
    failed += 1;
    process.stdout.write(`${name} failed (exit ${r.status})\n`);
  }
}

step("typecheck", "npx", ["tsc", "--noEmit", "-p", "."]);
step("lint", "npx", ["biome", "check", "src", "test", "scripts", "bench"]);
step("lab test (every catalogue lab proves itself)", "node", ["bin/labgrader.mjs", "lab", "test"]);

// The service tiers need software outside npm. Say up front which tiers this machine will skip
// and why, using the same detection the tests use. CI installs both (.ci/run), so there a
// skipped tier is a failure, not a quiet gap.
const skippedTiers = [];
try {
  const { findPostgres } = await tsImport("../test/support/postgres.ts", import.meta.url);
  const { findChromium } = await tsImport("../test/support/global-setup.ts", import.meta.url);
  const postgres = findPostgres();
  if (postgres.skipped) {
    skippedTiers.push(["real PostgreSQL through the Neon driver", postgres.skipped]);
    skippedTiers.push(["workerd + real Postgres", postgres.skipped]);
  }
  const chromium = findChromium();
  if (chromium.skipped) skippedTiers.push(["student form in headless Chromium", chromium.skipped]);
} catch (error) {
  failed += 1;
  process.stdout.write(`\ncould not detect PostgreSQL and Chromium: ${error.message}\n`);
}
if (skippedTiers.length > 0) process.stdout.write("\n");
for (const [tier, why] of skippedTiers) process.stdout.write(`skipped tier: ${tier} — ${why}\n`);
if (process.env.CI && skippedTiers.length > 0) {
  failed += skippedTiers.length;
  process.stdout.write("CI must run every tier: .ci/run installs PostgreSQL and Chromium\n");
}

const report = ".test-results.json";
rmSync(report, { force: true });
process.stdout.write("\n== vitest\n");
const v = spawnSync("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
  stdio: "inherit",
});
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  if (r.numTotalTests === 0) failed += 1;
} catch {
  failed += 1;
  process.stdout.write(`vitest produced no report (exit ${v.status})\n`);
}
if (v.status !== 0 && failed === 0) failed += 1;

const summary = `${passed} passed, ${failed} failed`;
writeFileSync(".test-summary", `${summary}\n`);
process.stdout.write(`\n${summary}\n`);
process.exit(failed === 0 ? 0 : 1);
