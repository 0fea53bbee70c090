/**
 * Listing with `-l` and `--field-selector` as the API server does it: selectors are parsed and
 * converted per kind, and a bad one is a BadRequest that kubectl frames with the resource and
 * both selectors (cli-runtime's EnhanceListError).
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { ResourceType } from "../../../sim/k8s/api/resources.ts";
import { matchesFields, parseFieldSelectorFor } from "../../../sim/k8s/selectors/fields.ts";
import { parseLabelSelector } from "../../../sim/k8s/selectors/labels.ts";
import { enhanceListErrorMessage, groupVersionResourceString } from "../../../sim/k8s/selectors/list-error.ts";
import type { Kubectl } from "../context.ts";

export type Selected = { ok: true; objects: KObject[] } | { ok: false; error: string };

export function selectObjects(
  k: Kubectl,
  t: ResourceType,
  namespace: string | undefined,
  labelSelector: string,
  fieldSelector: string,
): Selected {
  const version = k.cluster.discovery.preferredVersion(t);
  const badRequest = (message: string): Selected => ({
    ok: false,
    error: `Error from server (BadRequest): ${enhanceListErrorMessage(message, {
      resource: groupVersionResourceString(t.group, version, t.resource),
      labelSelector,
      fieldSelector,
    })}\n`,
  });
  const labels = parseLabelSelector(labelSelector);
  if (!labels.ok) return badRequest(labels.error);
  const apiVersion = t.group ? `${t.group}/${version}` : version;
  const fields = parseFieldSelectorFor(fieldSelector, apiVersion, t.kind, k.cluster.minor);
  if (!fields.ok) return badRequest(fields.error);
  const ls = labels.selector;
  const fsel = fields.selector;
  const objects = k.cluster.api.list(t, namespace, {
    filter: (o) => ls.matches(o.metadata.labels ?? {}) && matchesFields(o, fsel, t.namespaced),
  });
  return { ok: true, objects };
}
