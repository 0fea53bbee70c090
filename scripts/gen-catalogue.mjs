#!/usr/bin/env node
// Writes src/labs/catalogue.generated.json: the built-in labs (every labs/<id>/ folder, file by
// file), so the service can offer them where there is no filesystem (a Worker).
// `node scripts/gen-catalogue.mjs --check` fails when the file is out of date.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = "labs";
const out = "src/labs/catalogue.generated.json";
const labs = {};
for (const id of readdirSync(root).sort()) {
  const dir = join(root, id);
  if (!statSync(dir).isDirectory()) continue;
  const files = {};
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split("\\").join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  if (files["lab.yaml"] !== undefined) labs[id] = files;
}
const text = `${JSON.stringify(labs, null, 1)}\n`;
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(out, "utf8");
  } catch {}
  if (current !== text) {
    console.error(`${out} is out of date: run node scripts/gen-catalogue.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
}
