/** kubectl explain, api-resources and api-versions: what the cluster serves and documents. */

import { apiResources, apiVersions } from "../api-resources.ts";
import type { KubectlCommand } from "../command.ts";
import { explain } from "../explain.ts";
import { bool, list, str } from "../flags.ts";
import { resolveResource } from "../resource-mapper.ts";

export const explainCommand: KubectlCommand = {
  name: "explain",
  short: "Get documentation for a resource",
  usage:
    "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]",
  flags: [
    { name: "recursive", kind: "bool" },
    { name: "api-version", kind: "string" },
    { name: "output", short: "o", kind: "string", default: "plaintext" },
  ],
  run(k, args, flags) {
    if (args.length === 0) {
      return {
        stdout: "",
        stderr:
          k.cluster.minor >= 27
            ? 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n'
            : "You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl explain -h' for help and examples\n",
        exitCode: 1,
      };
    }
    if (args.length > 1) {
      return {
        stdout: "",
        stderr: `error: We accept only this format: explain RESOURCE\nSee 'kubectl explain -h' for help and examples\n`,
        exitCode: 1,
      };
    }
    const d = k.cluster.discovery;
    return explain({
      path: args[0],
      recursive: bool(flags, "recursive"),
      apiVersion: str(flags, "api-version") || undefined,
      minor: k.cluster.minor,
      resolve: (name) => {
        const r = resolveResource(d, name);
        if (!r.ok) return undefined;
        const t = r.types[0];
        return { group: t.group, kind: t.kind, version: d.preferredVersion(t) };
      },
    });
  },
};

export const apiResourcesCommand: KubectlCommand = {
  name: "api-resources",
  short: "Print the supported API resources on the server",
  usage: "kubectl api-resources [flags] [options]",
  flags: [
    { name: "api-group", kind: "string", default: "\u0000" },
    { name: "namespaced", kind: "string", default: "", noOptDefault: "true" },
    { name: "no-headers", kind: "bool" },
    { name: "output", short: "o", kind: "string" },
    { name: "sort-by", kind: "string" },
    { name: "verbs", kind: "stringArray" },
    { name: "cached", kind: "bool" },
    { name: "categories", kind: "stringArray" },
  ],
  run(k, _args, flags) {
    const output = str(flags, "output");
    if (output && output !== "wide" && output !== "name") {
      return { stdout: "", stderr: `error: --output ${output} is not available\n`, exitCode: 1 };
    }
    const ns = str(flags, "namespaced");
    const group = str(flags, "api-group");
    return apiResources({
      minor: k.cluster.minor,
      output: (output || undefined) as "name" | "wide" | undefined,
      namespaced: ns === "" ? undefined : ns === "true",
      apiGroup: group === "\u0000" ? undefined : group,
      noHeaders: bool(flags, "no-headers"),
      sortBy: str(flags, "sort-by") || undefined,
      verbs: list(flags, "verbs").flatMap((v) => v.split(",")),
    });
  },
};

export const apiVersionsCommand: KubectlCommand = {
  name: "api-versions",
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  usage: "kubectl api-versions [options]",
  flags: [],
  run: (k) => apiVersions(k.cluster.minor),
};
