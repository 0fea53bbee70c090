/**
 * How kubectl frames a BadRequest/NotFound from a list call (cli-runtime's EnhanceListError):
 * it rewrites the Status message in place, and kubectl's error printer then shows it as
 *   Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label
 *   selector "a b", field selector "": unable to parse requirement: found 'b', expected: in, ...
 * With neither selector given the prefix is `Unable to list "/v1, Resource=pods": `.
 */
import { goQuote } from "./go-quote.ts";

/** schema.GroupVersionResource.String(): `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
export function groupVersionResourceString(group: string, version: string, resource: string): string {
  return `${group}/${version}, Resource=${resource}`;
}

export function enhanceListErrorMessage(
  message: string,
  opts: { resource: string; labelSelector?: string; fieldSelector?: string },
): string {
  const ls = opts.labelSelector ?? "";
  const fs = opts.fieldSelector ?? "";
  if (ls.length === 0 && fs.length === 0) return `Unable to list ${goQuote(opts.resource)}: ${message}`;
  return `Unable to find ${goQuote(opts.resource)} that match label selector ${goQuote(ls)}, field selector ${goQuote(fs)}: ${message}`;
}
