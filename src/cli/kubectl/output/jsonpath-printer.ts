/**
 * kubectl's `-o jsonpath=...`, `-o jsonpath-file=PATH` and `-o jsonpath-as-json=...`
 * (cli-runtime JSONPathPrintFlags + JSONPathPrinter). Errors are the text kubectl prints after
 * `error: `, e.g.
 *   error parsing jsonpath {.items[, unterminated array
 *   error executing jsonpath "{.foo}": Error executing template: foo is not found. Printing
 *   more information for debugging the template: ... (then the object as Go's %#v)
 */
import { goQuote } from "../../../sim/k8s/selectors/go-quote.ts";
import { goSharpV } from "./go-values.ts";
import { compileJsonPath } from "./jsonpath.ts";

export const JSONPATH_FORMATS = ["jsonpath", "jsonpath-as-json", "jsonpath-file"] as const;

export interface JsonPathPrinterFlags {
  /** --template, which takes precedence over `-o jsonpath=<template>`. */
  templateArgument?: string;
  /** --allow-missing-template-keys; kubectl defaults it to true. */
  allowMissingTemplateKeys?: boolean;
  /** Reads `-o jsonpath-file=PATH` from the simulated filesystem; `error` is Go's os error text. */
  readFile?: (path: string) => { ok: true; text: string } | { ok: false; error: string };
}

export interface JsonPathPrinter {
  /** Print one object (kubectl passes a List for several). */
  printObj(obj: unknown): { ok: true; text: string } | { ok: false; error: string };
}

/** Is this `-o` value one of the jsonpath formats (`jsonpath`, `jsonpath=...`, ...)? */
export function isJsonPathFormat(output: string): boolean {
  return JSONPATH_FORMATS.some((f) => output === f || output.startsWith(`${f}=`));
}

export function newJsonPathPrinter(
  output: string,
  flags: JsonPathPrinterFlags = {},
): { ok: true; printer: JsonPathPrinter } | { ok: false; error: string } {
  let format = output;
  let template = "";
  if (!flags.templateArgument) {
    for (const f of JSONPATH_FORMATS) {
      if (output.startsWith(`${f}=`)) {
        template = output.slice(f.length + 1);
        format = f;
        break;
      }
    }
  } else {
    template = flags.templateArgument;
  }
  if (!(JSONPATH_FORMATS as readonly string[]).includes(format)) {
    // Callers dispatch on isJsonPathFormat first; kubectl's own "no compatible printer" text is theirs.
    return { ok: false, error: `internal: ${goQuote(format)} is not a jsonpath output format` };
  }
  if (template.length === 0) return { ok: false, error: "template format specified but no template given" };
  if (format === "jsonpath-file") {
    const read = flags.readFile?.(template) ?? {
      ok: false as const,
      error: `open ${template}: no such file or directory`,
    };
    if (!read.ok) return { ok: false, error: `error reading --template ${template}, ${read.error}` };
    template = read.text;
  }
  const compiled = compileJsonPath(template, {
    allowMissingKeys: flags.allowMissingTemplateKeys ?? true,
    outputJson: format === "jsonpath-as-json",
  });
  if (!compiled.ok) return { ok: false, error: `error parsing jsonpath ${template}, ${compiled.error}` };
  const raw = template;
  return {
    ok: true,
    printer: {
      printObj(obj) {
        const r = compiled.eval(obj);
        if (r.ok) return r;
        const debug =
          `Error executing template: ${r.error}. Printing more information for debugging the template:\n` +
          `\ttemplate was:\n\t\t${raw}\n` +
          `\tobject given to jsonpath engine was:\n\t\t${goSharpV(obj)}\n\n`;
        return { ok: false, error: `error executing jsonpath ${goQuote(raw)}: ${debug}\n` };
      },
    },
  };
}
