import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/workers/**", "node_modules/**"],
    pool: "threads",
    // CI has the machine to itself; elsewhere several runs may share two cores.
    maxWorkers: process.env.CI ? 2 : 1,
    testTimeout: 120_000,
  },
});
