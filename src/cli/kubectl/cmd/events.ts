/**
 * kubectl events (events.go, event_printer.go; 1.26+, `kubectl alpha events` before): the
 * events of a namespace (or all, `-A`), optionally only those about one object (`--for
 * TYPE/NAME`) or of some types (`--types=Warning`), oldest first. The table is kubectl's own,
 * not `get events`': LAST SEEN (with `(xN over AGE)` for repeats), TYPE, REASON, OBJECT as
 * Kind/name, MESSAGE. Nothing found is said on stderr: `No events found in default namespace.`
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { ExecResult } from "../../types.ts";
import { type KubectlCommand, OUTPUT_FLAGS } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { bool, type FlagValues, list, str } from "../flags.ts";
import { unknownCommand } from "../index.ts";
import { goSort, goSortForKubectl } from "../output/go-sort.ts";
import { toJson } from "../output/json.ts";
import { toYaml } from "../output/yaml.ts";
import { parseTimestamp, translateTimestampSince } from "../printers/age.ts";
import { GET_TABWRITER, tabwrite } from "../printers/tabwriter.ts";
import { resolveResource } from "../resource-mapper.ts";
import { formatOutput } from "./format.ts";
import { errorLine } from "./targets.ts";

export const eventsCommand: KubectlCommand = {
  name: "events",
  short: "List events",
  usage:
    "kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning]",
  flags: [
    { name: "watch", short: "w", kind: "bool" },
    { name: "all-namespaces", short: "A", kind: "bool" },
    { name: "for", kind: "string" },
    { name: "types", kind: "stringArray" },
    { name: "no-headers", kind: "bool" },
    { name: "chunk-size", kind: "int", default: 500 },
    ...OUTPUT_FLAGS,
  ],
  run: runEvents,
};

/** kubectl 1.26 made `alpha events` a command of its own. */
const FIRST_MINOR = 26;

function runEvents(k: Kubectl, _args: string[], flags: FlagValues): ExecResult {
  if (k.cluster.minor < FIRST_MINOR) return unknownCommand("events", k.cluster.minor);
  const types = [...new Set(list(flags, "types").flatMap((t) => t.split(",")))].sort();
  if (types.some((t) => !/^(normal|warning)$/i.test(t))) return errorLine("valid --types are Normal or Warning");
  const forObject = forFilter(k, str(flags, "for"));
  if (!forObject.ok) return errorLine(forObject.error);
  const all = bool(flags, "all-namespaces");
  const eventsType = k.cluster.discovery.forKind("v1", "Event");
  if (!eventsType) return errorLine(`the server doesn't have a resource type "events"`);
  const wanted = (e: KObject) =>
    (types.length === 0 || types.some((t) => t.toLowerCase() === String(e.type ?? "").toLowerCase())) &&
    (!forObject.match || forObject.match(e));
  const events = k.cluster.api.list(eventsType, all ? undefined : k.namespace).filter(wanted);
  if (events.length === 0) {
    const stderr = all ? "No events found.\n" : `No events found in ${k.namespace} namespace.\n`;
    return { stdout: "", stderr, exitCode: 0 };
  }
  const order = events.map((_, i) => i);
  const times = events.map(eventTime);
  goSort(
    {
      len: order.length,
      less: (i, j) => times[order[i]] < times[order[j]],
      swap: (i, j) => {
        [order[i], order[j]] = [order[j], order[i]];
      },
    },
    goSortForKubectl(k.cluster.minor),
  );
  const sorted = order.map((i) => events[i]);
  const output = str(flags, "output");
  if (output === "yaml" || output === "json") {
    const eventList = { apiVersion: "v1", items: sorted, kind: "EventList", metadata: {} } as unknown as KObject;
    return {
      stdout: output === "yaml" ? toYaml(eventList) : toJson(eventList, k.cluster.minor),
      stderr: "",
      exitCode: 0,
    };
  }
  if (output) return formatOutput(k, [{ type: eventsType, objects: sorted }], output, flags, false);
  return { stdout: table(k, sorted, all, bool(flags, "no-headers")), stderr: "", exitCode: 0 };
}

/** `--for TYPE/NAME`: the events whose involvedObject is that kind, API version and name. */
function forFilter(
  k: Kubectl,
  text: string,
): { ok: true; match?: (e: KObject) => boolean } | { ok: false; error: string } {
  if (!text) return { ok: true };
  if (!text.includes("/")) return { ok: false, error: "--for must be in resource/name form" };
  const parts = text.split("/");
  if (parts.length !== 2) {
    return { ok: false, error: "arguments in resource/name form may not have more than one slash" };
  }
  const resolved = resolveResource(k.cluster.discovery, parts[0].toLowerCase());
  if (!resolved.ok || resolved.types.length !== 1) {
    return { ok: false, error: `no matches for /, Resource=${parts[0].toLowerCase()}` };
  }
  const t = resolved.types[0];
  const apiVersion = k.cluster.discovery.preferredApiVersion(t);
  const name = parts[1];
  return {
    ok: true,
    match: (e) =>
      e.involvedObject?.kind === t.kind &&
      e.involvedObject?.apiVersion === apiVersion &&
      e.involvedObject?.name === name,
  };
}

/** What the events are sorted by: the series' last observation, else lastTimestamp, else eventTime. */
function eventTime(e: KObject): number {
  return (
    parseTimestamp(e.series?.lastObservedTime) ?? parseTimestamp(e.lastTimestamp) ?? parseTimestamp(e.eventTime) ?? 0
  );
}

function table(k: Kubectl, events: KObject[], allNamespaces: boolean, noHeaders: boolean): string {
  const now = k.now();
  let text = "";
  if (!noHeaders) text += `${allNamespaces ? "NAMESPACE\t" : ""}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
  for (const e of events) {
    const first = e.eventTime
      ? translateTimestampSince(e.eventTime, now)
      : translateTimestampSince(e.firstTimestamp, now);
    let interval = first;
    if (e.series) {
      interval = `${translateTimestampSince(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    } else if ((e.count ?? 0) > 1) {
      interval = `${translateTimestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    }
    const io = e.involvedObject ?? {};
    if (allNamespaces) text += `${e.metadata.namespace ?? ""}\t`;
    text += `${interval}\t${e.type ?? ""}\t${e.reason ?? ""}\t${io.kind ?? ""}/${io.name ?? ""}\t${String(e.message ?? "").trim()}\n`;
  }
  return tabwrite(text, GET_TABWRITER);
}
