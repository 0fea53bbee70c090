/**
 * kubectl's resource builder for `-f`: files, directories (their .json/.yaml/.yml files,
 * recursively with -R), `-` for stdin; every document becomes an Info with its source so
 * errors can say `error when creating "nginx-pod.yaml"`.
 */

import { flattenLists, parseManifestText } from "../../sim/k8s/api/manifest.ts";
import { isPlainObject, type KObject } from "../../sim/k8s/api/object.ts";
import type { Kubectl } from "./context.ts";

export interface Info {
  object: KObject;
  /** The path as kubectl names it in messages (as typed, or dir/file). */
  source: string;
}

export interface BuildResult {
  infos: Info[];
  /** Errors that stop before any request (missing path, unparsable file). */
  errors: string[];
}

const MANIFEST_EXT = /\.(json|ya?ml)$/;

export function readFilenames(k: Kubectl, filenames: string[], recursive: boolean): BuildResult {
  const infos: Info[] = [];
  const errors: string[] = [];
  const readOne = (source: string, text: string) => {
    const parsed = parseManifestText(text);
    if (!parsed.ok) {
      errors.push(`error parsing ${source}: error converting YAML to JSON: ${parsed.error}`);
      return;
    }
    for (const doc of flattenLists(parsed.documents)) {
      if (!isPlainObject(doc)) {
        errors.push(`error validating "${source}": error validating data: invalid object to validate`);
        continue;
      }
      infos.push({ object: doc as KObject, source });
    }
  };
  for (const f of filenames) {
    if (f === "-") {
      readOne("STDIN", k.stdin);
      continue;
    }
    if (/^https?:\/\//.test(f)) {
      const host = f.replace(/^https?:\/\//, "").split("/")[0];
      errors.push(`unable to read URL "${f}", server reported Get "${f}": dial tcp: lookup ${host}: no such host`);
      continue;
    }
    const path = k.fs.resolve(k.cwd, f);
    if (!k.fs.exists(path)) {
      errors.push(`the path "${f}" does not exist`);
      continue;
    }
    if (k.fs.isDir(path)) {
      const walk = (dir: string, shown: string, top: boolean) => {
        const entries = k.fs.readdir(dir);
        if (!entries.ok) return;
        for (const name of entries.value) {
          const full = `${dir === "/" ? "" : dir}/${name}`;
          const label = `${shown.replace(/\/$/, "")}/${name}`;
          if (k.fs.isDir(full)) {
            if (recursive) walk(full, label, false);
            continue;
          }
          if (!MANIFEST_EXT.test(name)) continue;
          const r = k.fs.readFile(full);
          if (r.ok) readOne(label, r.value);
        }
        void top;
      };
      walk(path, f, true);
      continue;
    }
    const r = k.fs.readFile(path);
    if (!r.ok) {
      errors.push(`open ${f}: ${r.message}`);
      continue;
    }
    readOne(f, r.value);
  }
  return { infos, errors };
}
