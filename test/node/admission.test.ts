import { describe, expect, it } from "vitest";
import { admissionGate } from "../../src/node/admission.ts";

describe("the Node server's admission gate", () => {
  it("runs at most `limit` requests at once and starts the waiting ones in arrival order", async () => {
    const gate = admissionGate(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const runs = [0, 1, 2, 3, 4].map((i) =>
      gate(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => finish.push(resolve));
        running--;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    while (finish.length) {
      finish.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it("frees its place when a request fails, so the next one starts", async () => {
    const gate = admissionGate(1);
    const failed = gate(async () => {
      throw new Error("boom");
    });
    const next = gate(async () => "ran");
    await expect(failed).rejects.toThrow("boom");
    expect(await next).toBe("ran");
  });
});
