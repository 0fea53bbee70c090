/** kubectl describe: TYPE [NAME_PREFIX | -l selector] or TYPE/NAME, each object's description. */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { FILENAME_FLAGS, type KubectlCommand } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { describe } from "../describe/index.ts";
import { standardMessage } from "../errors.ts";
import { bool, str } from "../flags.ts";
import { resolveResource } from "../resource-mapper.ts";
import { fetchForArgs } from "./get.ts";
import { selectObjects } from "./select.ts";

export const describeCommand: KubectlCommand = {
  name: "describe",
  short: "Show details of a specific resource or group of resources",
  usage: "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
  flags: [
    ...FILENAME_FLAGS,
    { name: "all-namespaces", short: "A", kind: "bool" },
    { name: "selector", short: "l", kind: "string" },
    { name: "show-events", kind: "bool", default: true },
    { name: "chunk-size", kind: "int", default: 500 },
  ],
  run(k, args, flags) {
    if (args.length === 0 && !flags.get("filename")) {
      return {
        stdout: "",
        stderr:
          "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples\n",
        exitCode: 1,
      };
    }
    // `describe TYPE NAME` matches names by prefix when there is no exact match.
    if (args.length >= 2 && !args[0].includes("/")) {
      const r = resolveResource(k.cluster.discovery, args[0]);
      if (!r.ok) return { stdout: "", stderr: `error: ${r.error}\n`, exitCode: 1 };
      const t = r.types[0];
      const outs: string[] = [];
      let stderr = "";
      for (const name of args.slice(1)) {
        const exact = k.cluster.api.get(t, k.namespace, name);
        if (exact.ok) {
          outs.push(describeOne(k, exact.value, bool(flags, "show-events")));
          continue;
        }
        const prefixed = k.cluster.api
          .list(t, t.namespaced ? k.namespace : undefined)
          .filter((o) => o.metadata.name!.startsWith(name));
        if (prefixed.length === 0) {
          stderr += `${standardMessage({ status: exact.status })}\n`;
          continue;
        }
        for (const o of prefixed) outs.push(describeOne(k, o, bool(flags, "show-events")));
      }
      return { stdout: outs.join("\n\n"), stderr, exitCode: stderr ? 1 : 0 };
    }
    if (args.length === 1 && !args[0].includes("/")) {
      const r = resolveResource(k.cluster.discovery, args[0]);
      if (!r.ok) return { stdout: "", stderr: `error: ${r.error}\n`, exitCode: 1 };
      const objects: KObject[] = [];
      for (const t of r.types) {
        const sel = selectObjects(
          k,
          t,
          bool(flags, "all-namespaces") ? undefined : k.namespace,
          str(flags, "selector"),
          "",
        );
        if (!sel.ok) return { stdout: "", stderr: sel.error, exitCode: 1 };
        objects.push(...sel.objects);
      }
      if (objects.length === 0) {
        const where = bool(flags, "all-namespaces") || !r.types[0].namespaced ? "" : ` in ${k.namespace} namespace`;
        return { stdout: "", stderr: `No resources found${where}.\n`, exitCode: 0 };
      }
      return {
        stdout: objects.map((o) => describeOne(k, o, bool(flags, "show-events"))).join("\n\n"),
        stderr: "",
        exitCode: 0,
      };
    }
    const fetched = fetchForArgs(k, args, flags);
    if (!fetched.ok) return fetched.result;
    const objects = fetched.groups.flatMap((g) => g.objects);
    const stdout = objects.map((o) => describeOne(k, o, bool(flags, "show-events"))).join("\n\n");
    const stderr = fetched.errors.map((e) => `${standardMessage(e)}\n`).join("");
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  },
};

function describeOne(k: Kubectl, o: KObject, showEvents: boolean): string {
  const store = k.cluster.store;
  return describe(o, {
    now: k.now(),
    minor: k.cluster.minor,
    list: (resource, namespace) => store.list(resource, namespace),
    events: (obj) =>
      showEvents
        ? store
            .list("events", obj.metadata.namespace || "default")
            .filter((e) => e.involvedObject?.uid === obj.metadata.uid)
        : [],
  });
}
