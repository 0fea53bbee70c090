/**
 * The printing half of `kubectl get`: the human-readable tables (default and `-o wide`), and
 * the generic printers (yaml, json, name, jsonpath, custom-columns) which print the single
 * object a name implies or else a `List` of everything found.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { ExecResult } from "../../types.ts";
import type { Kubectl } from "../context.ts";
import { bool, type FlagValues, list, str } from "../flags.ts";
import { parseCustomColumnsSpec, parseCustomColumnsTemplate, printCustomColumns } from "../output/custom-columns.ts";
import { kubectlList, listToJson, toJson } from "../output/json.ts";
import { isJsonPathFormat, newJsonPathPrinter } from "../output/jsonpath-printer.ts";
import { sortBy } from "../output/sort-by.ts";
import { listToYaml, toYaml } from "../output/yaml.ts";
import { noResourcesFound, renderTables } from "../printers/render.ts";
import { kindLabel } from "../resource-mapper.ts";
import type { Fetched } from "./get.ts";

export function isTableOutput(output: string): boolean {
  return output === "" || output === "wide";
}

export function noResourcesMessage(namespace: string | undefined, namespaced: boolean): string {
  return noResourcesFound({ namespace, allNamespaces: namespace === undefined, namespaced });
}

const fail = (stderr: string): ExecResult => ({ stdout: "", stderr, exitCode: 1 });

export function renderHuman(
  k: Kubectl,
  groups: Fetched[],
  flags: FlagValues,
  opts: { allNamespaces: boolean },
): ExecResult {
  const sortField = str(flags, "sort-by");
  const sorted: Fetched[] = [];
  for (const g of groups) {
    if (!sortField) {
      sorted.push(g);
      continue;
    }
    const r = sortBy(g.objects, sortField, { minor: k.cluster.minor, table: true });
    if (!r.ok) return fail(`error: ${r.error}\n`);
    sorted.push({ type: g.type, objects: r.items as KObject[] });
  }
  const stdout = renderTables(
    sorted.map((g) => ({
      resourceLabel: kindLabel(g.type),
      objects: g.objects,
      kind: g.type.kind,
      namespaced: g.type.namespaced,
    })),
    {
      now: k.now(),
      minor: k.cluster.minor,
      wide: str(flags, "output") === "wide",
      noHeaders: bool(flags, "no-headers"),
      showLabels: bool(flags, "show-labels"),
      labelColumns: list(flags, "label-columns").flatMap((l) => l.split(",")),
      allNamespaces: opts.allNamespaces,
      withKind: sorted.length > 1 || bool(flags, "show-kind"),
      namespace: k.namespace,
    },
  );
  if (stdout === "") {
    return {
      stdout: "",
      stderr: noResourcesMessage(
        opts.allNamespaces ? undefined : k.namespace,
        groups.every((g) => g.type.namespaced),
      ),
      exitCode: 0,
    };
  }
  return { stdout, stderr: "", exitCode: 0 };
}

/** The object a generic printer receives: the single object a name implies, else a List. */
function printable(k: Kubectl, objects: KObject[], single: boolean): unknown {
  return single ? objects[0] : kubectlList(objects, k.cluster.minor);
}

export function formatOutput(
  k: Kubectl,
  groups: Fetched[],
  output: string,
  flags: FlagValues,
  single: boolean,
): ExecResult {
  let objects = groups.flatMap((g) => g.objects);
  const sortField = str(flags, "sort-by");
  if (sortField) {
    const r = sortBy(objects, sortField, { minor: k.cluster.minor, table: false });
    if (!r.ok) return fail(`error: ${r.error}\n`);
    objects = r.items as KObject[];
  }
  const minor = k.cluster.minor;
  if (output === "yaml") return ok(single ? toYaml(objects[0]) : listToYaml(objects, minor));
  if (output === "json") return ok(single ? toJson(objects[0], minor) : listToJson(objects, minor));
  if (output === "name") {
    return ok(
      groups
        .flatMap((g) => g.objects.map((o) => ({ g, o })))
        .map(({ g, o }) => `${kindLabel(g.type)}/${o.metadata.name}\n`)
        .join(""),
    );
  }
  if (isJsonPathFormat(output) || output === "template" || output === "go-template") {
    if (output.startsWith("go-template") || output === "template") {
      return fail(`error: the go-template output format is not supported by this simulation; use -o jsonpath\n`);
    }
    const p = newJsonPathPrinter(output, {
      templateArgument: str(flags, "template") || undefined,
      allowMissingTemplateKeys: flags.get("allow-missing-template-keys") !== false,
      readFile: (path) => {
        const r = k.fs.readFile(k.fs.resolve(k.cwd, path));
        return r.ok ? { ok: true, text: r.value } : { ok: false, error: `open ${path}: no such file or directory` };
      },
    });
    if (!p.ok) return fail(`error: ${p.error}\n`);
    const r = p.printer.printObj(printable(k, objects, single));
    return r.ok ? ok(r.text) : fail(`error: ${r.error}`);
  }
  if (
    output.startsWith("custom-columns=") ||
    output.startsWith("custom-columns-file=") ||
    output === "custom-columns"
  ) {
    let spec: ReturnType<typeof parseCustomColumnsSpec>;
    if (output.startsWith("custom-columns-file=")) {
      const path = output.slice("custom-columns-file=".length);
      const r = k.fs.readFile(k.fs.resolve(k.cwd, path));
      if (!r.ok) return fail(`error: open ${path}: no such file or directory\n`);
      spec = parseCustomColumnsTemplate(r.value);
    } else {
      spec = parseCustomColumnsSpec(output.slice("custom-columns=".length), bool(flags, "no-headers"));
    }
    if (!spec.ok) return fail(`error: ${spec.error}\n`);
    const r = printCustomColumns(spec.spec, printable(k, objects, single), { escapeTerminal: minor >= 23 });
    return r.ok ? ok(r.text) : fail(`error: ${r.error}\n`);
  }
  return fail(
    `error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n`,
  );
}

const ok = (stdout: string): ExecResult => ({ stdout, stderr: "", exitCode: 0 });
