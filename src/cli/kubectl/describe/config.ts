/**
 * `kubectl describe` for Namespace, ConfigMap, Secret, ServiceAccount, Role/ClusterRole,
 * RoleBinding/ClusterRoleBinding and PodDisruptionBudget.
 *
 * Go iterates ConfigMap and Secret data in map order (random) before 1.34; the simulation prints
 * keys sorted, which is one of the orders a real kubectl prints. ConfigMap entries are separated
 * by a blank line since 1.31 (kubernetes PR #123597).
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { formatRFC1123Z } from "../printers/age.ts";
import { byString, formatLabelSelector, intOrString, type Json } from "../printers/format.ts";
import { canonicalQuantity } from "../printers/quantity.ts";
import { type DescribeContext, describeEvents, printAnnotationsMultiline, printLabelsMultiline } from "./common.ts";
import { LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter, tabbedString } from "./writer.ts";

function describeResourceQuotas(quotas: KObject[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, "No resource quota.\n");
    return;
  }
  w.write(LEVEL_0, "Resource Quotas\n");
  for (const q of [...quotas].sort((a, b) => byString(a.metadata.name ?? "", b.metadata.name ?? ""))) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name}\n`);
    const scopes: string[] = [...(q.spec?.scopes ?? [])].sort(byString);
    if (scopes.length > 0) w.write(LEVEL_1, `Scopes:\t${scopes.join(", ")}\n`);
    w.write(LEVEL_1, "Resource\tUsed\tHard\n");
    w.write(LEVEL_1, "--------\t---\t---\n");
    const hard: Record<string, unknown> = q.status?.hard ?? {};
    const used: Record<string, unknown> = q.status?.used ?? {};
    for (const r of Object.keys(hard).sort(byString)) {
      w.write(LEVEL_1, `${r}\t${canonicalQuantity(used[r] ?? "0")}\t${canonicalQuantity(hard[r])}\n`);
    }
  }
}

function describeLimitRanges(ranges: KObject[], w: PrefixWriter): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, "No LimitRange resource.\n");
    return;
  }
  w.write(
    LEVEL_0,
    "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n",
  );
  w.write(LEVEL_0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
  for (const lr of ranges) {
    for (const item of lr.spec?.limits ?? []) {
      const fields = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
      const names = new Set<string>();
      for (const f of fields) for (const k of Object.keys(f ?? {})) names.add(k);
      for (const k of [...names].sort(byString)) {
        const v = fields.map((f) => (f?.[k] !== undefined ? canonicalQuantity(f[k]) : "-"));
        w.write(LEVEL_0, ` ${item.type}\t${k}\t${v.join("\t")}\n`);
      }
    }
  }
}

export function describeNamespace(ns: KObject, ctx: DescribeContext): string {
  const name = ns.metadata.name ?? "";
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    printLabelsMultiline(w, "Labels", ns.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ""}\n`);
    const conditions: Json[] = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${formatRFC1123Z(c.lastTransitionTime)}\t${c.reason ?? ""}\t${c.message ?? ""}\n`,
        );
      }
    }
    w.write(LEVEL_0, "\n");
    describeResourceQuotas(ctx.list("resourcequotas", name), w);
    w.write(LEVEL_0, "\n");
    describeLimitRanges(ctx.list("limitranges", name), w);
  });
}

export function describeConfigMap(cm: KObject, ctx: DescribeContext): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cm.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", cm.metadata.annotations);
    w.write(LEVEL_0, "\nData\n====\n");
    const data: Record<string, string> = cm.data ?? {};
    for (const k of Object.keys(data).sort(byString)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${data[k]}\n`);
      if (ctx.minor >= 31) w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    const bin: Record<string, string> = cm.binaryData ?? {};
    for (const k of Object.keys(bin).sort(byString)) {
      w.write(LEVEL_0, `${k}: ${Buffer.from(bin[k], "base64").length} bytes\n`);
    }
    w.write(LEVEL_0, "\n");
    describeEvents(ctx.events(cm), w, ctx);
  });
}

export function describeSecret(secret: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", secret.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ""}\n`);
    w.write(LEVEL_0, "\nData\n====\n");
    const data: Record<string, string> = secret.data ?? {};
    for (const k of Object.keys(data).sort(byString)) {
      const bytes = Buffer.from(data[k] ?? "", "base64");
      if (k === "token" && secret.type === "kubernetes.io/service-account-token") {
        w.write(LEVEL_0, `${k}:\t${bytes.toString("utf8")}\n`);
      } else {
        w.write(LEVEL_0, `${k}:\t${bytes.length} bytes\n`);
      }
    }
  });
}

export function describeServiceAccount(sa: KObject, ctx: DescribeContext): string {
  const secrets = ctx.list("secrets", sa.metadata.namespace);
  const tokens = secrets
    .filter(
      (s) =>
        s.type === "kubernetes.io/service-account-token" &&
        s.metadata.annotations?.["kubernetes.io/service-account.name"] === sa.metadata.name &&
        (s.metadata.annotations?.["kubernetes.io/service-account.uid"] ?? sa.metadata.uid) === sa.metadata.uid,
    )
    .map((s) => s.metadata.name ?? "");
  const existing = new Set(secrets.map((s) => s.metadata.name));
  const mountable = (sa.secrets ?? []).map((s: Json) => (existing.has(s.name) ? s.name : `${s.name} (not found)`));
  const pull = (sa.imagePullSecrets ?? []).map((s: Json) => s.name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", sa.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", sa.metadata.annotations);
    const emptyHeader = "                   ";
    const sections: [string, string[]][] = [
      ["Image pull secrets:", pull],
      ["Mountable secrets: ", mountable],
      ["Tokens:            ", tokens],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const n of names) {
        w.write(LEVEL_0, `${prefix}\t${n}\n`);
        prefix = emptyHeader;
      }
    }
    describeEvents(ctx.events(sa), w, ctx);
  });
}

interface Rule {
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  verbs: string[];
}

/** BreakdownRule then CompactRules then the stable sort by PolicyRule.String(). */
function compactRules(rules: Json[] | undefined): Rule[] {
  const broken: Rule[] = [];
  for (const r of rules ?? []) {
    const verbs: string[] = r.verbs ?? [];
    for (const g of r.apiGroups ?? []) {
      for (const res of r.resources ?? []) {
        if ((r.resourceNames ?? []).length > 0) {
          for (const n of r.resourceNames)
            broken.push({ apiGroups: [g], resources: [res], resourceNames: [n], nonResourceURLs: [], verbs });
        } else {
          broken.push({ apiGroups: [g], resources: [res], resourceNames: [], nonResourceURLs: [], verbs });
        }
      }
    }
    for (const u of r.nonResourceURLs ?? [])
      broken.push({ apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [u], verbs });
  }
  const compacted: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of broken) {
    const isSimple =
      r.apiGroups.length === 1 &&
      r.resources.length === 1 &&
      r.nonResourceURLs.length === 0 &&
      r.resourceNames.length <= 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames[0] ?? ""]);
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      simple.set(key, { ...r, verbs: [...r.verbs] });
    }
  }
  compacted.push(...simple.values());
  const q = (xs: string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(" ")}]`;
  const str = (r: Rule): string => {
    const parts: string[] = [];
    if (r.apiGroups.length) parts.push(`APIGroups:${q(r.apiGroups)}`);
    if (r.resources.length) parts.push(`Resources:${q(r.resources)}`);
    if (r.nonResourceURLs.length) parts.push(`NonResourceURLs:${q(r.nonResourceURLs)}`);
    if (r.resourceNames.length) parts.push(`ResourceNames:${q(r.resourceNames)}`);
    if (r.verbs.length) parts.push(`Verbs:${q(r.verbs)}`);
    return `PolicyRule{${parts.join(", ")}}`;
  };
  return compacted.sort((a, b) => byString(str(a), str(b)));
}

/** CombineResourceGroup: `deployments.apps`, `pods/log`, `pods`. */
function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return "";
  const [base, sub] = resources[0].split(/\/(.*)/s);
  let s = base;
  if (groups.length > 0 && groups[0] !== "") s += `.${groups[0]}`;
  if (sub !== undefined) s += `/${sub}`;
  return s;
}

const goList = (xs: string[]): string => `[${xs.join(" ")}]`;

export function describeRole(role: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${role.metadata.name ?? ""}\n`);
    printLabelsMultiline(w, "Labels", role.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", role.metadata.annotations);
    w.write(LEVEL_0, "PolicyRule:\n");
    w.write(LEVEL_1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
    w.write(LEVEL_1, "---------\t-----------------\t--------------\t-----\n");
    for (const r of compactRules(role.rules)) {
      w.write(
        LEVEL_1,
        `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`,
      );
    }
  });
}

export function describeRoleBinding(binding: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${binding.metadata.name ?? ""}\n`);
    printLabelsMultiline(w, "Labels", binding.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", binding.metadata.annotations);
    w.write(LEVEL_0, "Role:\n");
    w.write(LEVEL_1, `Kind:\t${binding.roleRef?.kind ?? ""}\n`);
    w.write(LEVEL_1, `Name:\t${binding.roleRef?.name ?? ""}\n`);
    w.write(LEVEL_0, "Subjects:\n");
    w.write(LEVEL_1, "Kind\tName\tNamespace\n");
    w.write(LEVEL_1, "----\t----\t---------\n");
    for (const s of binding.subjects ?? []) w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ""}\n`);
  });
}

export function describePodDisruptionBudget(pdb: KObject, ctx: DescribeContext): string {
  const spec = pdb.spec ?? {};
  const status = pdb.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace ?? ""}\n`);
    if (spec.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${intOrString(spec.minAvailable)}\n`);
    else if (spec.maxUnavailable !== undefined)
      w.write(LEVEL_0, `Max unavailable:\t${intOrString(spec.maxUnavailable)}\n`);
    w.write(LEVEL_0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : "<unset>"}\n`);
    w.write(LEVEL_0, "Status:\n");
    w.write(LEVEL_2, `Allowed disruptions:\t${status.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${status.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${status.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${status.expectedPods ?? 0}\n`);
    describeEvents(ctx.events(pdb), w, ctx);
  });
}
