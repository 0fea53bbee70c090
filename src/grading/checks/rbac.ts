/**
 * rbac checks: can a subject do a verb on a resource (in a namespace)? Answered by the
 * simulation's authorizer (src/sim/k8s/auth), exactly as `kubectl auth can-i --as` would,
 * and explained with what is missing when the answer is not the expected one:
 *
 *   serviceaccount default:reader cannot list pods in namespace dev: no RoleBinding or
 *     ClusterRoleBinding grants it (the Role "pod-reader" allows get, watch)
 *   user jane can delete pods in namespace dev (allowed by RoleBinding "dev-admin/dev" of
 *     ClusterRole "admin" to User "jane"); expected her not to
 *
 * Subjects: `user:jane`, `group:devs` (a user in that group), `serviceaccount:<ns>:<name>`
 * (also `sa:` and the full `system:serviceaccount:` username).
 */

import { resolveResource } from "../../cli/kubectl/resource-mapper.ts";
import { authorize } from "../../sim/k8s/auth/authorizer.ts";
import { analyzeDenial, type DenialAnalysis } from "../../sim/k8s/auth/denial.ts";
import type { Attributes } from "../../sim/k8s/auth/rule-matching.ts";
import {
  AUTHENTICATED_GROUP,
  impersonatedUser,
  serviceAccountUser,
  splitServiceAccountUsername,
  type UserInfo,
} from "../../sim/k8s/auth/user.ts";
import type { Cluster } from "../../sim/k8s/cluster.ts";
import type { Check, CheckResult } from "../types.ts";
import { type CheckContext, fail, pass } from "./context.ts";
import { listSome } from "./text.ts";

export type RbacCheck = Extract<Check, { kind: "rbac" }>;

export type ParsedSubject = { ok: true; user: UserInfo; words: string } | { ok: false; error: string };

export function parseSubject(subject: string): ParsedSubject {
  const s = subject.trim();
  const sa = splitServiceAccountUsername(s);
  if (sa)
    return {
      ok: true,
      user: serviceAccountUser(sa.namespace, sa.name),
      words: `serviceaccount ${sa.namespace}:${sa.name}`,
    };
  const colon = s.indexOf(":");
  const kind = colon < 0 ? "" : s.slice(0, colon).toLowerCase();
  const rest = colon < 0 ? "" : s.slice(colon + 1);
  switch (kind) {
    case "user":
      if (rest) return { ok: true, user: impersonatedUser(rest), words: `user ${rest}` };
      break;
    case "group":
      if (rest) return { ok: true, user: { name: "", groups: [rest, AUTHENTICATED_GROUP] }, words: `group ${rest}` };
      break;
    case "serviceaccount":
    case "sa": {
      const parts = rest.split(":");
      if (parts.length === 2 && parts[0] && parts[1]) {
        return {
          ok: true,
          user: serviceAccountUser(parts[0], parts[1]),
          words: `serviceaccount ${parts[0]}:${parts[1]}`,
        };
      }
      break;
    }
  }
  return {
    ok: false,
    error: `the lab's subject "${subject}" is not one of user:NAME, group:NAME or serviceaccount:NAMESPACE:NAME`,
  };
}

/** The request a check asks about, and the words for it (`list pods in namespace dev`). */
export function requestOf(cluster: Cluster, check: RbacCheck): { attrs: Attributes; words: string } {
  if (check.resource.startsWith("/")) {
    return {
      attrs: { resourceRequest: false, verb: check.verb, path: check.resource },
      words: `${check.verb} ${check.resource}`,
    };
  }
  const slash = check.resource.indexOf("/");
  const resourceArg = slash < 0 ? check.resource : check.resource.slice(0, slash);
  const subresource = check.subresource ?? (slash < 0 ? "" : check.resource.slice(slash + 1));
  let group = "";
  let resource = resourceArg;
  let namespaced = true;
  if (resourceArg !== "*") {
    const r = resolveResource(cluster.discovery, resourceArg.toLowerCase());
    if (r.ok && r.types.length === 1) {
      group = r.types[0].group;
      resource = r.types[0].resource;
      namespaced = r.types[0].namespaced;
    }
  }
  const all = check.namespace === "*";
  const namespace = !namespaced || all ? "" : check.namespace || "default";
  const name = check.name ?? "";
  const shown = `${group ? `${resource}.${group}` : resource}${subresource ? `/${subresource}` : ""}`;
  const where = !namespaced ? "" : all ? " in all namespaces" : ` in namespace ${namespace}`;
  return {
    attrs: { resourceRequest: true, verb: check.verb, namespace, apiGroup: group, resource, subresource, name },
    words: `${check.verb} ${shown}${name ? ` "${name}"` : ""}${where}`,
  };
}

export function evaluateRbac(check: RbacCheck, ctx: CheckContext): CheckResult {
  const cluster = ctx.sim.cluster;
  const subject = parseSubject(check.subject);
  if (!subject.ok) return fail(subject.error);
  const { attrs, words } = requestOf(cluster, check);
  const expectAllowed = check.allowed ?? true;
  const d = authorize(cluster.store, subject.user, attrs);
  if (d.allowed) {
    const why = d.reason ? ` (${d.reason.replace(/^RBAC: /, "")})` : "";
    const text = `${subject.words} can ${words}${why}`;
    return expectAllowed ? pass(text) : fail(`${text}; expected it not to`);
  }
  const denied = `${subject.words} cannot ${words}`;
  if (!expectAllowed) return pass(denied);
  return fail(`${denied}: ${missing(analyzeDenial(cluster.store, subject.user, attrs), subject.words, attrs)}`);
}

/** What a student has to add: a binding, a role, a verb, or the right namespace. */
function missing(a: DenialAnalysis, who: string, attrs: Attributes): string {
  const parts: string[] = [];
  const broken = a.bound.filter((b) => b.error);
  for (const b of broken.slice(0, 2)) {
    const where = b.roleKind === "Role" && b.bindingNamespace ? ` in namespace ${b.bindingNamespace}` : "";
    parts.push(
      `${b.bindingKind} "${b.bindingName}" refers to ${b.roleKind} "${b.roleName}", which does not exist${where}`,
    );
  }
  if (parts.length === 0) {
    const unbound = a.unbound.map((r) => `${r.kind} "${r.name}"`);
    if (unbound.length) {
      const binding = a.unbound.every((r) => r.kind === "Role") ? "RoleBinding" : "RoleBinding or ClusterRoleBinding";
      parts.push(
        `${listSome(unbound)} ${unbound.length === 1 ? "allows" : "allow"} it, but no ${binding} gives ${unbound.length === 1 ? "it" : "them"} to ${who}`,
      );
    } else parts.push("no RoleBinding or ClusterRoleBinding grants it");
  }
  const relevant = a.bound.filter(
    (b) => !b.error && !b.roleName.startsWith("system:") && !b.bindingName.startsWith("system:"),
  );
  const near = relevant
    .filter((b) => b.verbs.length > 0)
    .map((b) => `the ${b.roleKind} "${b.roleName}" allows ${b.verbs.join(", ")}`);
  const uncovering = relevant.filter((b) => b.verbs.length === 0).map((b) => `${b.roleKind} "${b.roleName}"`);
  const notes: string[] = [...near.slice(0, 3)];
  if (uncovering.length && attrs.resourceRequest) {
    notes.push(
      `it is bound to ${listSome(uncovering, 3)}, which ${uncovering.length === 1 ? "does" : "do"} not cover ${attrs.resource}`,
    );
  }
  let text = parts.join("; ");
  if (notes.length) text += ` (${notes.join("; ")})`;
  if (a.elsewhere.length && attrs.resourceRequest) {
    text += `; a RoleBinding grants it in namespace ${listSome(a.elsewhere)}, not in ${attrs.namespace}`;
  }
  return text;
}
