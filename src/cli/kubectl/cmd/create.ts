/**
 * kubectl create: `-f FILE` creates every object the files hold (errors collected and printed
 * after the successes, each naming its file), and the generator subcommands
 * (`create deployment|service|configmap|...`).
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { parseLabelSelector } from "../../../sim/k8s/selectors/labels.ts";
import type { ExecResult } from "../../types.ts";
import { readFilenames } from "../builder.ts";
import {
  DRY_RUN_FLAG,
  dryRunSuffix,
  FILENAME_FLAGS,
  type KubectlCommand,
  OUTPUT_FLAGS,
  parseDryRun,
} from "../command.ts";
import { type KubectlError, renderErrors, withSource } from "../errors.ts";
import { bool, list, str } from "../flags.ts";
import { kindLabel } from "../resource-mapper.ts";
import { createWithoutFilename, generatorCommand } from "./create-common.ts";
import { createConfigMap, createSecret } from "./create-data.ts";
import {
  createIngress,
  createNamespace,
  createPodDisruptionBudget,
  createPriorityClass,
  createQuota,
  runCreateToken,
} from "./create-misc.ts";
import {
  createClusterRole,
  createClusterRoleBinding,
  createRole,
  createRoleBinding,
  createServiceAccount,
} from "./create-rbac.ts";
import { createService } from "./create-service.ts";
import { createCronJob, createDeployment, createJob } from "./create-workloads.ts";
import { printObjects, resolveInfo } from "./shared.ts";
import { annotateForWrite, errorLine, recordDeprecation, usageError } from "./targets.ts";

const createToken: KubectlCommand = {
  name: "token",
  short: "Request a service account token",
  usage: "kubectl create token SERVICE_ACCOUNT_NAME [options]",
  flags: [
    ...OUTPUT_FLAGS,
    { name: "audience", kind: "stringArray" },
    { name: "duration", kind: "string" },
    { name: "bound-object-kind", kind: "string" },
    { name: "bound-object-name", kind: "string" },
    { name: "bound-object-uid", kind: "string" },
  ],
  run(k, args, flags) {
    // kubectl before 1.24 has no `create token`: the word is an argument to `create`.
    if (k.cluster.minor < 24) return createWithoutFilename(k.cluster.minor);
    if (args.length !== 1)
      return usageError("kubectl create token", `exactly one NAME is required, got ${args.length}`);
    return runCreateToken(k, args[0], flags);
  },
};

export const createCommand: KubectlCommand = {
  name: "create",
  short: "Create a resource from a file or from stdin",
  usage: "kubectl create -f FILENAME [options]",
  flags: [
    ...FILENAME_FLAGS,
    ...OUTPUT_FLAGS,
    DRY_RUN_FLAG,
    { name: "record", kind: "bool" },
    { name: "save-config", kind: "bool" },
    { name: "validate", kind: "string", default: "true", noOptDefault: "true" },
    { name: "edit", kind: "bool" },
    { name: "windows-line-endings", kind: "bool" },
    { name: "selector", short: "l", kind: "string" },
    { name: "raw", kind: "string" },
    { name: "field-manager", kind: "string", default: "kubectl-create" },
  ],
  subcommands: [
    generatorCommand(createNamespace),
    generatorCommand(createQuota),
    createSecret,
    generatorCommand(createConfigMap),
    generatorCommand(createServiceAccount),
    createService,
    generatorCommand(createDeployment),
    generatorCommand(createClusterRole),
    generatorCommand(createClusterRoleBinding),
    generatorCommand(createRole),
    generatorCommand(createRoleBinding),
    generatorCommand(createPodDisruptionBudget),
    generatorCommand(createPriorityClass),
    generatorCommand(createJob),
    generatorCommand(createCronJob),
    generatorCommand(createIngress),
    createToken,
  ],
  run(k, args, flags): ExecResult {
    const files = list(flags, "filename");
    if (files.length === 0 && !str(flags, "kustomize")) return createWithoutFilename(k.cluster.minor);
    const warning = recordDeprecation(k, flags);
    const withWarning = (r: ExecResult): ExecResult => ({ ...r, stderr: warning + r.stderr });
    if (args.length > 0) return withWarning(usageError("kubectl create", `Unexpected args: [${args.join(" ")}]`));
    if (bool(flags, "edit")) {
      return withWarning(errorLine("--edit needs an interactive editor, which this simulated terminal does not have"));
    }
    const dry = parseDryRun(str(flags, "dry-run"));
    if (!dry.ok) return withWarning(errorLine(dry.error));
    const selectorText = str(flags, "selector");
    const selector = parseLabelSelector(selectorText);
    if (!selector.ok) return withWarning(errorLine(selector.error));
    const built = readFilenames(k, files, bool(flags, "recursive"));
    if (built.errors.length > 0 && built.infos.length === 0) {
      return withWarning({ stdout: "", stderr: built.errors.map((e) => `error: ${e}\n`).join(""), exitCode: 1 });
    }
    const errs: KubectlError[] = built.errors.map((message) => ({ message }));
    const output = str(flags, "output");
    let stdout = "";
    let stderr = "";
    let count = 0;
    for (const info of built.infos) {
      if (selectorText && !selector.selector.matches((info.object.metadata?.labels ?? {}) as Record<string, string>))
        continue;
      const target = resolveInfo(k, info);
      if (!target.ok) {
        errs.push({ message: target.error });
        continue;
      }
      const t = target.value;
      const object: KObject = annotateForWrite(k, t.object, flags);
      let shown = object;
      if (dry.value !== "client") {
        const created = k.cluster.api.create(t.type, object, { dryRun: dry.value === "server" });
        if (!created.ok) {
          errs.push(withSource({ status: created.status }, "creating", info.source));
          continue;
        }
        if (dry.value === "none") k.cluster.settle();
        shown = created.value;
      }
      count++;
      if (output) {
        const p = printObjects(k, [shown], output, flags);
        stdout += p.stdout;
        if (p.exitCode !== 0) return withWarning({ stdout, stderr: stderr + p.stderr, exitCode: 1 });
      } else {
        stdout += `${kindLabel(t.type)}/${shown.metadata.name ?? t.name} created${dryRunSuffix(dry.value)}\n`;
      }
    }
    if (errs.length) stderr += renderErrors(errs);
    else if (count === 0) stderr += "error: no objects passed to create\n";
    return withWarning({ stdout, stderr, exitCode: errs.length || count === 0 ? 1 : 0 });
  },
};
