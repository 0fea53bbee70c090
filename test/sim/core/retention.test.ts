import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const probe = join(dirname(fileURLToPath(import.meta.url)), "retention-probe.ts");

describe("dropped simulations", () => {
  it("do not survive minor collections into the old generation", () => {
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", probe, "150"], {
      encoding: "utf8",
      timeout: 120_000,
    });
    const { builds, grownBytes } = JSON.parse(out.trim().split("\n").pop()!) as { builds: number; grownBytes: number };
    expect(builds).toBe(150);
    // With every simulation retained until the next full collection the old generation grew by
    // ~20 MB here; what legitimately reaches it (caches warming up, small values of weak caches
    // kept until a full collection) is a tenth of that.
    expect(grownBytes).toBeLessThan(6 * 1024 * 1024);
  });
});
