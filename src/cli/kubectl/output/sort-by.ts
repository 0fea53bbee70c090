/**
 * `kubectl get --sort-by=<jsonpath>` (kubectl/pkg/cmd/get/sorter.go). Two routes, as upstream:
 *  - table output (the default and -o wide) sorts the server's table rows, and only when
 *    there are at least two; a path error reads `sorting error: ...`;
 *  - every other output sorts the list's items, even one of them.
 * Either way each object is keyed by the first value its path finds; an object without one is
 * "less" than anything (so such objects drift to the front, reordered); if no object has the
 * field at all: couldn't find any field with path "{.metadata.foo}" in the list of objects.
 */
import { goQuote } from "../../../sim/k8s/selectors/go-quote.ts";
import { relaxedJsonPathExpression } from "./custom-columns.ts";
import { goSort, goSortForKubectl } from "./go-sort.ts";
import { compileJsonPath } from "./jsonpath.ts";
import { isLess } from "./sort-compare.ts";

export interface SortByOptions {
  /** kubectl's minor version: picks the Go sort algorithm it was built with. */
  minor: number;
  /** Sorting table rows (human-readable output) rather than list items. */
  table: boolean;
}

/**
 * `fatal` marks kubectl giving up through klog (Exitf/Fatalf) rather than returning an error:
 * the caller prints it as a klog line and exits.
 */
export type SortByResult = { ok: true; items: unknown[] } | { ok: false; error: string; fatal?: boolean };

export function sortBy(items: readonly unknown[], sortField: string, opts: SortByOptions): SortByResult {
  if (opts.table) {
    if (items.length <= 1) return { ok: true, items: [...items] };
    const relaxed = relaxedJsonPathExpression(sortField);
    const field = relaxed.ok ? relaxed.template : sortField;
    const parser = compileJsonPath(field, { allowMissingKeys: true });
    if (!parser.ok) return { ok: false, error: `sorting error: ${parser.error}` };
    const keys: (unknown[][] | undefined)[] = [];
    let foundOnce = false;
    for (const item of items) {
      const found = parser.findResults(item);
      if (!found.ok) {
        return {
          ok: false,
          error: `Failed to get values for [][]reflect.Value(nil) using ${field} (&errors.errorString{s:${goQuote(found.error)}})`,
        };
      }
      keys.push(found.results);
      if (found.results.length > 0 && found.results[0].length > 0) foundOnce = true;
    }
    if (!foundOnce)
      return { ok: false, error: `couldn't find any field with path ${goQuote(field)} in the list of objects` };
    return sortKeyed(items, keys, field, "[][][]reflect.Value", opts.minor);
  }

  if (items.length === 0) return { ok: true, items: [] };
  const relaxed = relaxedJsonPathExpression(sortField);
  if (!relaxed.ok) return relaxed;
  const field = relaxed.template;
  const parser = compileJsonPath(field, { allowMissingKeys: true });
  if (!parser.ok) return parser;
  let foundOnce = false;
  for (const item of items) {
    const found = parser.findResults(item);
    if (!found.ok) return found;
    if (found.results.length > 0 && found.results[0].length > 0) {
      foundOnce = true;
      break;
    }
  }
  if (!foundOnce)
    return { ok: false, error: `couldn't find any field with path ${goQuote(field)} in the list of objects` };
  // Upstream evaluates the path inside every Less; the values are the same each time.
  const keys = items.map((item) => {
    const found = parser.findResults(item);
    return found.ok ? found.results : undefined;
  });
  return sortKeyed(items, keys, field, "*unstructured.Unstructured", opts.minor);
}

function sortKeyed(
  items: readonly unknown[],
  keys: (unknown[][] | undefined)[],
  field: string,
  goType: string,
  minor: number,
): SortByResult {
  const order = items.map((_, i) => i);
  let failure: SortByResult | undefined;
  goSort(
    {
      len: order.length,
      less: (i, j) => {
        if (failure) return false;
        const a = keys[order[i]];
        const b = keys[order[j]];
        if (a === undefined || b === undefined) {
          failure = { ok: false, error: `Failed to get values using ${field}`, fatal: true };
          return false;
        }
        if (a.length === 0 || a[0].length === 0) return true;
        if (b.length === 0 || b[0].length === 0) return false;
        const r = isLess(a[0][0], b[0][0]);
        if (!r.ok) {
          failure = {
            ok: false,
            error: `Field ${field} in ${goType} is an unsortable type: interface, err: ${r.error}`,
            fatal: true,
          };
          return false;
        }
        return r.less;
      },
      swap: (i, j) => {
        [order[i], order[j]] = [order[j], order[i]];
      },
    },
    goSortForKubectl(minor),
  );
  if (failure) return failure;
  return { ok: true, items: order.map((i) => items[i]) };
}
