import { describe, expect, it } from "vitest";
import { apiResources, apiVersions } from "../../../src/cli/kubectl/api-resources.ts";

const API_VERSIONS_21 = `admissionregistration.k8s.io/v1
admissionregistration.k8s.io/v1beta1
apiextensions.k8s.io/v1
apiextensions.k8s.io/v1beta1
apiregistration.k8s.io/v1
apiregistration.k8s.io/v1beta1
apps/v1
authentication.k8s.io/v1
authentication.k8s.io/v1beta1
authorization.k8s.io/v1
authorization.k8s.io/v1beta1
autoscaling/v1
autoscaling/v2beta1
autoscaling/v2beta2
batch/v1
batch/v1beta1
certificates.k8s.io/v1
certificates.k8s.io/v1beta1
coordination.k8s.io/v1
coordination.k8s.io/v1beta1
discovery.k8s.io/v1
discovery.k8s.io/v1beta1
events.k8s.io/v1
events.k8s.io/v1beta1
extensions/v1beta1
flowcontrol.apiserver.k8s.io/v1beta1
networking.k8s.io/v1
networking.k8s.io/v1beta1
node.k8s.io/v1
node.k8s.io/v1beta1
policy/v1
policy/v1beta1
rbac.authorization.k8s.io/v1
rbac.authorization.k8s.io/v1beta1
scheduling.k8s.io/v1
scheduling.k8s.io/v1beta1
storage.k8s.io/v1
storage.k8s.io/v1beta1
v1
`;

const API_VERSIONS_33 = `admissionregistration.k8s.io/v1
apiextensions.k8s.io/v1
apiregistration.k8s.io/v1
apps/v1
authentication.k8s.io/v1
authorization.k8s.io/v1
autoscaling/v1
autoscaling/v2
batch/v1
certificates.k8s.io/v1
coordination.k8s.io/v1
discovery.k8s.io/v1
events.k8s.io/v1
flowcontrol.apiserver.k8s.io/v1
networking.k8s.io/v1
node.k8s.io/v1
policy/v1
rbac.authorization.k8s.io/v1
scheduling.k8s.io/v1
storage.k8s.io/v1
v1
`;

describe("kubectl api-versions", () => {
  it.each([
    { name: "1.21 still serves the v1beta1 groups removed in 1.22 and 1.25", minor: 21, stdout: API_VERSIONS_21 },
    { name: "1.33 serves only GA groups by default", minor: 33, stdout: API_VERSIONS_33 },
  ])("$name", ({ minor, stdout }) => {
    expect(apiVersions(minor)).toEqual({ stdout, stderr: "", exitCode: 0 });
  });
});

const lines = (
  minor: number,
  args: Parameters<typeof apiResources>[0] extends infer A ? Omit<A, "minor"> : never = {},
) => apiResources({ minor, ...args }).stdout.split("\n");

describe("kubectl api-resources", () => {
  it("prints the header and core resources first on 1.33", () => {
    expect(lines(33).slice(0, 4)).toEqual([
      "NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND",
      "bindings                                         v1                                true         Binding",
      "componentstatuses                   cs           v1                                false        ComponentStatus",
      "configmaps                          cm           v1                                true         ConfigMap",
    ]);
  });

  it("lists resources served only by a non-preferred version at that version on 1.21", () => {
    const out = lines(21);
    expect(out[0]).toBe(
      "NAME                              SHORTNAMES   APIVERSION                             NAMESPACED   KIND",
    );
    expect(
      out.filter((l) => /^(podsecuritypolicies|csistoragecapacities|horizontalpodautoscalers|ingresses) /.test(l)),
    ).toEqual([
      "horizontalpodautoscalers          hpa          autoscaling/v1                         true         HorizontalPodAutoscaler",
      "ingresses                         ing          extensions/v1beta1                     true         Ingress",
      "ingresses                         ing          networking.k8s.io/v1                   true         Ingress",
      "podsecuritypolicies               psp          policy/v1beta1                         false        PodSecurityPolicy",
      "csistoragecapacities                           storage.k8s.io/v1beta1                 true         CSIStorageCapacity",
    ]);
  });

  it("adds VERBS and CATEGORIES with -o wide on 1.33", () => {
    const out = lines(33, { output: "wide", apiGroup: "apps" });
    expect(out).toEqual([
      "NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND                 VERBS                                                          CATEGORIES",
      "controllerrevisions                apps/v1      true         ControllerRevision   [create delete deletecollection get list patch update watch]   []",
      "daemonsets            ds           apps/v1      true         DaemonSet            [create delete deletecollection get list patch update watch]   [all]",
      "deployments           deploy       apps/v1      true         Deployment           [create delete deletecollection get list patch update watch]   [all]",
      "replicasets           rs           apps/v1      true         ReplicaSet           [create delete deletecollection get list patch update watch]   [all]",
      "statefulsets          sts          apps/v1      true         StatefulSet          [create delete deletecollection get list patch update watch]   [all]",
      "",
    ]);
  });

  it("adds only VERBS with -o wide on 1.21", () => {
    expect(lines(21, { output: "wide", apiGroup: "batch" })).toEqual([
      "NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND      VERBS",
      "cronjobs   cj           batch/v1     true         CronJob   [create delete deletecollection get list patch update watch]",
      "jobs                    batch/v1     true         Job       [create delete deletecollection get list patch update watch]",
      "",
    ]);
  });

  it("prints resource.group names with -o name, filtered by --namespaced and --verbs", () => {
    expect(
      apiResources({
        minor: 33,
        output: "name",
        namespaced: false,
        verbs: ["create"],
        apiGroup: "authorization.k8s.io",
      }),
    ).toEqual({
      stdout:
        "selfsubjectaccessreviews.authorization.k8s.io\nselfsubjectrulesreviews.authorization.k8s.io\nsubjectaccessreviews.authorization.k8s.io\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("omits the header with --no-headers", () => {
    expect(lines(33, { noHeaders: true, apiGroup: "policy" })).toEqual([
      "poddisruptionbudgets   pdb   policy/v1   true   PodDisruptionBudget",
      "",
    ]);
  });
});
