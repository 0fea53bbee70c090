/**
 * Micro benchmark of the sandboxed shell: a 50-command script of trivial commands (`true`,
 * `echo x >/dev/null`, `A=1`, ...) run in one warm session; reports the median time per
 * command over many runs. Run: `npx tsx bench/shell.ts`.
 */
import { Shell } from "../src/cli/shell/interpreter.ts";
import { VirtualFs } from "../src/cli/shell/vfs.ts";

const TRIVIAL = [
  "true",
  "echo x >/dev/null",
  "A=1",
  ": noop",
  "B=$A",
  "false || true",
  "echo $A $B >/dev/null",
  "cd /tmp",
  "cd /root",
  "test -n x",
];

export function benchScript(): string {
  const lines: string[] = [];
  for (let i = 0; i < 50; i++) lines.push(TRIVIAL[i % TRIVIAL.length]);
  return lines.join("\n");
}

export async function benchShell(runs = 400): Promise<{ medianMsPerCommand: number }> {
  let now = 0;
  const fs = new VirtualFs({ now: () => now });
  const shell = new Shell({
    fs,
    host: {
      hostname: "bench",
      now: () => now,
      advance: (ms: number) => {
        now += ms;
        return true;
      },
    },
    resolveCommand: () => undefined,
  });
  const script = benchScript();
  for (let i = 0; i < 100; i++) shell.exec(script);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = shell.exec(script);
    const t1 = performance.now();
    if (r.exitCode !== 0) throw new Error(`bench script failed: ${r.stderr}`);
    samples.push((t1 - t0) / 50);
  }
  samples.sort((a, b) => a - b);
  return { medianMsPerCommand: samples[Math.floor(samples.length / 2)] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { medianMsPerCommand } = await benchShell();
  console.log(`shell: median ${medianMsPerCommand.toFixed(4)} ms per trivial command (target <= 0.2 ms)`);
}
