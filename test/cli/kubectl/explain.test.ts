import { describe, expect, it } from "vitest";
import { explain } from "../../../src/cli/kubectl/explain.ts";
import { Discovery } from "../../../src/sim/k8s/api/resources.ts";

/** A REST mapper over the simulated discovery: resource, singular, short name or kind. */
function resolverFor(minor: number) {
  const discovery = new Discovery(minor);
  return (name: string) => {
    const n = name.toLowerCase();
    const t = discovery.types.find(
      (t) => t.resource === n || t.singular === n || t.shortNames.includes(n) || t.kind.toLowerCase() === n,
    );
    return t && { group: t.group, kind: t.kind, version: discovery.preferredVersion(t) };
  };
}

const run = (minor: number, path: string, extra: { recursive?: boolean; apiVersion?: string } = {}) =>
  explain({ path, minor, resolve: resolverFor(minor), ...extra });

const POD_21 = `KIND:     Pod
VERSION:  v1

DESCRIPTION:
     Pod is a collection of containers that can run on a host. This resource is
     created by clients and scheduled onto hosts.

FIELDS:
   apiVersion\t<string>
     APIVersion defines the versioned schema of this representation of an
     object. Servers should convert recognized schemas to the latest internal
     value, and may reject unrecognized values. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources

   kind\t<string>
     Kind is a string value representing the REST resource this object
     represents. Servers may infer this from the endpoint the client submits
     requests to. Cannot be updated. In CamelCase. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds

   metadata\t<Object>
     Standard object's metadata. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata

   spec\t<Object>
     Specification of the desired behavior of the pod. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

   status\t<Object>
     Most recently observed status of the pod. This data may not be up to date.
     Populated by the system. Read-only. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

`;

const POD_33 = `KIND:       Pod
VERSION:    v1

DESCRIPTION:
    Pod is a collection of containers that can run on a host. This resource is
    created by clients and scheduled onto hosts.
    
FIELDS:
  apiVersion\t<string>
    APIVersion defines the versioned schema of this representation of an object.
    Servers should convert recognized schemas to the latest internal value, and
    may reject unrecognized values. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources

  kind\t<string>
    Kind is a string value representing the REST resource this object
    represents. Servers may infer this from the endpoint the client submits
    requests to. Cannot be updated. In CamelCase. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds

  metadata\t<ObjectMeta>
    Standard object's metadata. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata

  spec\t<PodSpec>
    Specification of the desired behavior of the pod. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

  status\t<PodStatus>
    Most recently observed status of the pod. This data may not be up to date.
    Populated by the system. Read-only. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status


`;

const REPLICAS_21 = `KIND:     Deployment
VERSION:  apps/v1

FIELD:    replicas <integer>

DESCRIPTION:
     Number of desired pods. This is a pointer to distinguish between explicit
     zero and not specified. Defaults to 1.
`;

const REPLICAS_33 = `GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: replicas <integer>


DESCRIPTION:
    Number of desired pods. This is a pointer to distinguish between explicit
    zero and not specified. Defaults to 1.
    

`;

const STRATEGY_RECURSIVE_21 = `KIND:     Deployment
VERSION:  apps/v1

RESOURCE: strategy <Object>

DESCRIPTION:
     The deployment strategy to use to replace existing pods with new ones.

     DeploymentStrategy describes how to replace existing pods with new ones.

FIELDS:
   rollingUpdate\t<Object>
      maxSurge\t<string>
      maxUnavailable\t<string>
   type\t<string>
`;

const STRATEGY_RECURSIVE_33 = `GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: strategy <DeploymentStrategy>


DESCRIPTION:
    The deployment strategy to use to replace existing pods with new ones.
    DeploymentStrategy describes how to replace existing pods with new ones.
    
FIELDS:
  rollingUpdate\t<RollingUpdateDeployment>
    maxSurge\t<IntOrString>
    maxUnavailable\t<IntOrString>
  type\t<string>
  enum: Recreate, RollingUpdate

`;

const IMAGE_PULL_POLICY_33 = `KIND:       Pod
VERSION:    v1

FIELD: imagePullPolicy <string>
ENUM:
    Always
    IfNotPresent
    Never

DESCRIPTION:
    Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if
    :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More
    info: https://kubernetes.io/docs/concepts/containers/images#updating-images
    
    Possible enum values:
     - \`"Always"\` means that kubelet always attempts to pull the latest image.
    Container will fail If the pull fails.
     - \`"IfNotPresent"\` means that kubelet pulls if the image isn't present on
    disk. Container will fail if the image isn't present and the pull fails.
     - \`"Never"\` means that kubelet never pulls an image, but only uses a local
    image. Container will fail if the image isn't present
    

`;

const cases: {
  name: string;
  minor: number;
  path: string;
  recursive?: boolean;
  apiVersion?: string;
  stdout: string;
  stderr?: string;
}[] = [
  { name: "explain pod prints the 1.21 layout", minor: 21, path: "pod", stdout: POD_21 },
  { name: "explain pods prints the 1.33 layout with type names", minor: 33, path: "pods", stdout: POD_33 },
  {
    name: "a primitive field prints FIELD and its description on 1.21",
    minor: 21,
    path: "deployment.spec.replicas",
    stdout: REPLICAS_21,
  },
  {
    name: "a primitive field prints GROUP, FIELD and its description on 1.33",
    minor: 33,
    path: "deploy.spec.replicas",
    stdout: REPLICAS_33,
  },
  {
    name: "--recursive lists nested fields 3 deep per level on 1.21",
    minor: 21,
    path: "deploy.spec.strategy",
    recursive: true,
    stdout: STRATEGY_RECURSIVE_21,
  },
  {
    name: "--recursive lists nested fields and enums on 1.33",
    minor: 33,
    path: "deploy.spec.strategy",
    recursive: true,
    stdout: STRATEGY_RECURSIVE_33,
  },
  {
    name: "an enum field lists its values on 1.33",
    minor: 33,
    path: "po.spec.containers.imagePullPolicy",
    stdout: IMAGE_PULL_POLICY_33,
  },
  {
    name: "an unknown field names the first missing field on 1.21",
    minor: 21,
    path: "pod.spec.foo.bar",
    stdout: "",
    stderr: 'error: field "foo" does not exist\n',
  },
  {
    name: "an unknown field names the last path element on 1.33",
    minor: 33,
    path: "pod.spec.foo.bar",
    stdout: "",
    stderr: 'error: field "bar" does not exist\n',
  },
  {
    name: "an unknown resource type is an error",
    minor: 33,
    path: "widgets",
    stdout: "",
    stderr: 'error: the server doesn\'t have a resource type "widgets"\n',
  },
  {
    name: "--api-version of a removed version is not found on 1.21",
    minor: 21,
    path: "deployments",
    apiVersion: "apps/v1beta1",
    stdout: "",
    stderr: 'error: couldn\'t find resource for "apps/v1beta1, Kind=Deployment"\n',
  },
  {
    name: "--api-version of a removed version is not found on 1.33",
    minor: 33,
    path: "ingresses",
    apiVersion: "networking.k8s.io/v1beta1",
    stdout: "",
    stderr: 'error: couldn\'t find resource for "networking.k8s.io/v1beta1, Resource=ingresses"\n',
  },
];

describe("kubectl explain", () => {
  it.each(cases)("$name", ({ minor, path, recursive, apiVersion, stdout, stderr = "" }) => {
    expect(run(minor, path, { recursive, apiVersion })).toEqual({ stdout, stderr, exitCode: stderr ? 1 : 0 });
  });

  it("--api-version picks an older served version on 1.21", () => {
    const r = run(21, "ingress.spec.backend", { apiVersion: "extensions/v1beta1" });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith("KIND:     Ingress\nVERSION:  extensions/v1beta1\n\nRESOURCE: backend <Object>\n")).toBe(
      true,
    );
  });
});
