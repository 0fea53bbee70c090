import { readFileSync } from "node:fs";
import { createSimulation } from "/work/main/src/index.ts";
const idx = JSON.parse(readFileSync("/work/shared/corpus/book/INDEX.json", "utf8"));
const ver = process.argv[2] ?? "1.33";
for (const f of idx.files) {
  if (f.type !== "yaml") continue;
  const buf = readFileSync(`/work/shared/corpus/book/${f.path}`);
  const text = f.encoding?.startsWith("cp949") ? buf.toString("latin1") : buf.toString("utf8");
  const sim = await createSimulation({ kubernetesVersion: ver, seed: 1 });
  const base = f.path.split("/").pop();
  sim.writeFile(base, text);
  const r = await sim.exec(`kubectl apply -f ${base}`);
  console.log(`### ${f.path}\n${r.stdout}--stderr--\n${r.stderr}--exit ${r.exitCode}`);
}
