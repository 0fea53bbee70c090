import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const probe = join(dirname(fileURLToPath(import.meta.url)), "retention-probe.ts");
const BOUND = 6 * 1024 * 1024;

describe("dropped simulations", () => {
  it("do not survive minor collections into the old generation", () => {
    const probeOnce = () => {
      const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", probe, "150"], {
        encoding: "utf8",
        timeout: 120_000,
      });
      return JSON.parse(out.trim().split("\n").pop()!) as { builds: number; grownBytes: number };
    };
    // With every simulation retained until the next full collection the old generation grew by
    // ~20 MB here, on every run; what legitimately reaches it (caches warming up, small values
    // of weak caches kept until a full collection) is a tenth of that. A collector that starts
    // marking mid-run can promote more once in a while (8 MB, seen once), so
    // the probe runs up to three times: a leak is over the bound every time.
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { builds, grownBytes } = probeOnce();
      expect(builds).toBe(150);
      runs.push(grownBytes);
      if (grownBytes < BOUND) break;
    }
    expect(Math.min(...runs)).toBeLessThan(BOUND);
  });
});
