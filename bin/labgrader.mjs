#!/usr/bin/env node
// The labgrader command: runs the TypeScript source through tsx in a checkout, the bundle in dist/ otherwise.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// A reader that stops early (`labgrader labs | head`) closes the pipe: end as a Unix tool ends
// on SIGPIPE (status 141), without a stack trace.
process.stdout.on("error", (e) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(141);
});

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "cli.ts");
let mod;
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  mod = await import(pathToFileURL(source).href);
} else {
  mod = await import(pathToFileURL(join(root, "dist", "cli.js")).href);
}
process.exitCode = await mod.main(process.argv.slice(2));
