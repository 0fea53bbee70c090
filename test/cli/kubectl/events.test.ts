import { describe, expect, it } from "vitest";
import { buildSimulation } from "../../../src/cli/simulation.ts";
import { type Case, expectCases } from "./cmd/helpers.ts";

const cases: Case[] = [
  {
    name: "nothing yet in the namespace",
    command: "kubectl events -n kube-public",
    stderr: "No events found in kube-public namespace.\n",
    versions: ["1.33"],
  },
  {
    name: "--for needs TYPE/NAME",
    command: "kubectl events --for web",
    stderr: "error: --for must be in resource/name form\n",
    exitCode: 1,
    versions: ["1.33"],
  },
  {
    name: "--for with an unknown resource",
    command: "kubectl events --for foo/web",
    stderr: "error: no matches for /, Resource=foo\n",
    exitCode: 1,
    versions: ["1.33"],
  },
  {
    name: "--types takes Normal and Warning only",
    command: "kubectl events --types=Normal,Bad",
    stderr: "error: valid --types are Normal or Warning\n",
    exitCode: 1,
    versions: ["1.33"],
  },
  {
    name: "kubectl 1.21 has no events command",
    command: "kubectl events",
    stderr: 'error: unknown command "events" for "kubectl"\n',
    exitCode: 1,
    versions: ["1.21"],
  },
];

describe("kubectl events", () => {
  expectCases(it, expect, cases);

  it("lists a namespace's events oldest first, repeats as (xN over AGE), one object's with --for", () => {
    const built = buildSimulation({ seed: 3 });
    if (!built.ok) throw new Error(built.error);
    const sim = built.simulation;
    const run = (line: string) => sim.current.shell.exec(line);
    run("kubectl create deployment web --image=nginx:1.25 --replicas=2");
    run("kubectl run bad --image=nginx:nope");
    run("sleep 60");
    const all = run("kubectl events").stdout.split("\n");
    expect(all[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(all[1]).toMatch(/^\S+ +Normal +\S+ +\S+\/\S+ +\S/);
    const forBad = run("kubectl events --for pod/bad").stdout;
    expect(forBad).toMatch(
      /^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n\d+s +Normal +Scheduled +Pod\/bad +Successfully assigned default\/bad to k8s-w\d\n/,
    );
    expect(forBad).toMatch(/\n\d+s \(x\d over \d+s\) +Warning +Failed +Pod\/bad +Error: ErrImagePull\n/);
    expect(forBad).not.toContain("Deployment/web");
    const warnings = run("kubectl events --types=warning --no-headers").stdout.trim().split("\n");
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((l) => / Warning +\S+ +Pod\/bad /.test(l))).toBe(true);
    const forDeploy = run("kubectl events --for deployment/web");
    expect(forDeploy.stdout).toMatch(
      /Normal +ScalingReplicaSet +Deployment\/web +Scaled up replica set web-\S+ from 0 to 2\n$/,
    );
    const list = JSON.parse(run("kubectl events --for deploy/web -o json").stdout);
    expect({ kind: list.kind, apiVersion: list.apiVersion, metadata: list.metadata, n: list.items.length }).toEqual({
      kind: "EventList",
      apiVersion: "v1",
      metadata: {},
      n: 1,
    });
    expect(run("kubectl events -A").stdout.split("\n")[0]).toMatch(/^NAMESPACE +LAST SEEN +TYPE/);
  });
});
