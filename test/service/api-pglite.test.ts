/**
 * The instructor API suite in-process on PGlite, the database `npm start` uses by default. The
 * suite moves the service's clock instead of sleeping through a cooldown.
 */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { OPERATOR_TOKEN, startTestService, type TestService } from "../support/app.ts";
import { defineApiSuite, SINGLE_POD_IMAGE_TYPO, SINGLE_POD_REFERENCE } from "./api-suite.ts";

let svc: TestService | undefined;
afterAll(() => svc?.close());

defineApiSuite("in-process on PGlite", async () => {
  svc = await startTestService();
  const s = svc;
  return {
    fetch: (path, init) => s.fetch(path, init),
    operatorToken: OPERATOR_TOKEN,
    wait: async (seconds) => {
      s.clock.now = new Date(s.clock.now.getTime() + seconds * 1000);
    },
  };
});

describe("the suite's copy of single-pod's solutions", () => {
  it("is what labs/single-pod/lab.yaml ships as its reference and image-typo solutions", () => {
    const lab = load(readFileSync(new URL("../../labs/single-pod/lab.yaml", import.meta.url), "utf8")) as {
      solutions: { reference: { transcript: string }; wrong: { name: string; manifests?: Record<string, string> }[] };
    };
    expect(lab.solutions.reference.transcript).toBe(SINGLE_POD_REFERENCE);
    expect(lab.solutions.wrong.find((w) => w.name === "image-typo")?.manifests).toEqual({
      "pod.yaml": SINGLE_POD_IMAGE_TYPO,
    });
  });
});
