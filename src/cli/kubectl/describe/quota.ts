/**
 * `kubectl describe` for ResourceQuota and LimitRange (describeQuota, describeLimitRange in
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go). Neither prints labels, annotations or
 * events. Upstream walks a LimitRange item's resources in Go map order (random); they are
 * printed sorted here, one of the orders a real kubectl prints.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { byString } from "../printers/format.ts";
import { canonicalQuantity } from "../printers/quantity.ts";
import { LEVEL_0, tabbedString } from "./writer.ts";

const SCOPE_HELP: Record<string, string> = {
  Terminating:
    "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
  NotTerminating:
    "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
  BestEffort:
    "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
  NotBestEffort:
    "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
};

export function describeResourceQuota(q: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace ?? ""}\n`);
    const scopes: string[] = [...(q.spec?.scopes ?? [])].sort(byString);
    if (scopes.length > 0) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(", ")}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_0, "Resource\tUsed\tHard\n");
    w.write(LEVEL_0, "--------\t----\t----\n");
    const hard: Record<string, string> = q.status?.hard ?? {};
    const used: Record<string, string> = q.status?.used ?? {};
    for (const r of Object.keys(hard).sort(byString)) {
      w.write(LEVEL_0, `${r}\t${canonicalQuantity(used[r] ?? "0")}\t${canonicalQuantity(hard[r])}\n`);
    }
  });
}

export function describeLimitRange(lr: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
    w.write(LEVEL_0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
    for (const item of lr.spec?.limits ?? []) {
      const fields = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
      const names = new Set<string>();
      for (const f of fields) for (const k of Object.keys(f ?? {})) names.add(k);
      for (const k of [...names].sort(byString)) {
        const v = fields.map((f) => (f?.[k] !== undefined ? canonicalQuantity(f[k]) : "-"));
        w.write(LEVEL_0, `${item.type}\t${k}\t${v.join("\t")}\n`);
      }
    }
  });
}
