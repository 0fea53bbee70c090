/**
 * Workload generators: `create deployment` (create_deployment.go), `create job`
 * (create_job.go, including `--from=cronjob/NAME`) and `create cronjob` (create_cronjob.go).
 */
import { clone, type KObject } from "../../../sim/k8s/api/object.ts";
import type { Kubectl } from "../context.ts";
import { renderError } from "../errors.ts";
import { int, str } from "../flags.ts";
import { resolveResource } from "../resource-mapper.ts";
import { type Generated, type GeneratorSpec, objectMeta } from "./create-common.ts";
import { errorLine, failure, slice } from "./targets.ts";

/** A container as corev1.Container serialises: `resources: {}` always, command when given. */
export function container(name: string, image: string, command: string[] = []): Record<string, unknown> {
  const c: Record<string, unknown> = { name, image, resources: {} };
  if (command.length) c.command = [...command];
  return c;
}

/** The container name `create deployment` derives from an image: `docker.io/nginx:1.25` -> `nginx`. */
export function containerNameFor(k: Kubectl, image: string): string {
  let name = image.split("/").pop() ?? image;
  if (name.includes(":")) name = name.split(":")[0];
  if (name.includes("@")) name = name.split("@")[0];
  // sanitizeAndUniquify: `_` and `.` are not DNS-1123; replace them and add a random suffix.
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, "-")}-${k.cluster.ids.suffix(5)}`;
  return name;
}

export const createDeployment: GeneratorSpec = {
  name: "deployment",
  aliases: ["deploy"],
  short: "Create a deployment with the specified name",
  usage: "deployment NAME --image=image -- [COMMAND] [args...] [options]",
  required: ["image"],
  flags: [
    { name: "image", kind: "stringArray" },
    { name: "port", kind: "int", default: -1 },
    { name: "replicas", short: "r", kind: "int", default: 1 },
  ],
  generate(k, input): Generated {
    const images = slice(input.flags, "image");
    if (images.length > 1 && input.command.length > 0) {
      return { ok: false, result: errorLine("cannot specify multiple --image options and command") };
    }
    const labels = { app: input.name };
    const containers = images.map((image) => container(containerNameFor(k, image), image, input.command));
    const port = int(input.flags, "port", -1);
    if (port >= 0 && containers.length > 0) containers[0].ports = [{ containerPort: port }];
    const object: KObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: objectMeta(input.name, input.enforcedNamespace, { labels: { ...labels } }),
      spec: {
        replicas: int(input.flags, "replicas", 1),
        selector: { matchLabels: { ...labels } },
        strategy: {},
        template: {
          metadata: { creationTimestamp: null, labels: { ...labels } },
          spec: { containers },
        },
      },
      status: {},
    };
    return { ok: true, object };
  },
  wrapCreateError: (m) => `failed to create deployment: ${m}`,
};

export const createJob: GeneratorSpec = {
  name: "job",
  short: "Create a job with the specified name",
  usage: "job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]",
  flags: [
    { name: "image", kind: "string" },
    { name: "from", kind: "string" },
  ],
  generate(k, input): Generated {
    const image = str(input.flags, "image");
    const from = str(input.flags, "from");
    if ((image === "" && from === "") || (image !== "" && from !== "")) {
      return { ok: false, result: errorLine("either --image or --from must be specified") };
    }
    if (input.command.length > 0 && from !== "")
      return { ok: false, result: errorLine("cannot specify --from and command") };
    if (image) {
      const object: KObject = {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: objectMeta(input.name, input.enforcedNamespace),
        spec: {
          template: {
            metadata: { creationTimestamp: null },
            spec: { containers: [container(input.name, image, input.command)], restartPolicy: "Never" },
          },
        },
        status: {},
      };
      return { ok: true, object };
    }
    return jobFromCronJob(k, input.name, from, input.enforcedNamespace);
  },
  wrapCreateError: (m) => `failed to create job: ${m}`,
};

function jobFromCronJob(k: Kubectl, name: string, from: string, enforcedNamespace: string): Generated {
  const slash = from.indexOf("/");
  if (slash < 0) {
    return {
      ok: false,
      result: errorLine(`arguments in resource/name form must have a single resource and name`),
    };
  }
  const r = resolveResource(k.cluster.discovery, from.slice(0, slash));
  if (!r.ok) return { ok: false, result: errorLine(r.error) };
  const t = r.types[0];
  const got = k.cluster.api.get(t, k.namespace, from.slice(slash + 1));
  if (!got.ok) return { ok: false, result: failure(renderError({ status: got.status })) };
  const cron = got.value;
  if (cron.kind !== "CronJob") {
    const version = k.cluster.discovery.preferredVersion(t);
    return { ok: false, result: errorLine(`unknown object type *${version}.${cron.kind}`) };
  }
  const template = (cron.spec?.jobTemplate ?? {}) as { metadata?: KObject["metadata"]; spec?: unknown };
  const annotations: Record<string, string> = {
    "cronjob.kubernetes.io/instantiate": "manual",
    ...(template.metadata?.annotations ?? {}),
  };
  const object: KObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: objectMeta(name, enforcedNamespace, {
      annotations,
      labels: template.metadata?.labels,
      ownerReferences: [
        {
          apiVersion: "batch/v1",
          kind: "CronJob",
          name: cron.metadata.name ?? "",
          uid: cron.metadata.uid ?? "",
          controller: true,
        },
      ],
    }),
    spec: clone(template.spec ?? {}),
    status: {},
  };
  return { ok: true, object };
}

export const createCronJob: GeneratorSpec = {
  name: "cronjob",
  aliases: ["cj"],
  short: "Create a cron job with the specified name",
  usage: "cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] [flags] [options]",
  required: ["image", "schedule"],
  flags: [
    { name: "image", kind: "string" },
    { name: "schedule", kind: "string" },
    { name: "restart", kind: "string", default: "OnFailure" },
  ],
  generate(_k, input): Generated {
    const object: KObject = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: objectMeta(input.name, input.enforcedNamespace),
      spec: {
        jobTemplate: {
          metadata: { creationTimestamp: null, name: input.name },
          spec: {
            template: {
              metadata: { creationTimestamp: null },
              spec: {
                containers: [container(input.name, str(input.flags, "image"), input.command)],
                restartPolicy: str(input.flags, "restart"),
              },
            },
          },
        },
        schedule: str(input.flags, "schedule"),
      },
      status: {},
    };
    return { ok: true, object };
  },
  wrapCreateError: (m) => `failed to create cronjob: ${m}`,
};
