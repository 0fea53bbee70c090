import { describe, expect, it } from "vitest";
import { podSummary } from "../../../../src/cli/kubectl/printers/kinds/pod.ts";
import { tableFor } from "../../../../src/cli/kubectl/printers/table.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import { ago, NOW } from "./fixtures.ts";

// biome-ignore lint/suspicious/noExplicitAny: test objects are partial JSON.
function pod(spec: any, status: any, meta: any = {}): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", creationTimestamp: ago(60), ...meta },
    spec: { containers: [{ name: "app", image: "busybox" }], ...spec },
    status,
  };
}
const waiting = (reason: string) => ({ name: "app", ready: false, restartCount: 0, state: { waiting: { reason } } });
const terminated = (reason: string, exitCode: number) => ({
  name: "app",
  ready: false,
  restartCount: 0,
  state: { terminated: { reason, exitCode, finishedAt: ago(10) } },
});
const init = { initContainers: [{ name: "init", image: "busybox" }] };

describe("pod STATUS follows printPod's reason logic", () => {
  it.each([
    ["an unscheduled pod is Pending", pod({}, { phase: "Pending" }), "Pending"],
    [
      "a container being created shows the waiting reason",
      pod({}, { phase: "Pending", containerStatuses: [waiting("ContainerCreating")] }),
      "ContainerCreating",
    ],
    [
      "a running init container shows Init:0/1",
      pod(init, { phase: "Pending", initContainerStatuses: [{ name: "init", state: { running: {} } }] }),
      "Init:0/1",
    ],
    [
      "app containers waiting for init show PodInitializing",
      pod(init, {
        phase: "Pending",
        initContainerStatuses: [{ name: "init", state: { terminated: { exitCode: 0, reason: "Completed" } } }],
        containerStatuses: [waiting("PodInitializing")],
      }),
      "PodInitializing",
    ],
    [
      "a failing init container shows Init:Error",
      pod(init, {
        phase: "Pending",
        initContainerStatuses: [{ name: "init", state: { terminated: { exitCode: 1, reason: "Error" } } }],
      }),
      "Init:Error",
    ],
    [
      "a crash loop shows CrashLoopBackOff",
      pod({}, { phase: "Running", containerStatuses: [waiting("CrashLoopBackOff")] }),
      "CrashLoopBackOff",
    ],
    [
      "a bad image shows ErrImagePull",
      pod({}, { phase: "Pending", containerStatuses: [waiting("ErrImagePull")] }),
      "ErrImagePull",
    ],
    [
      "then ImagePullBackOff",
      pod({}, { phase: "Pending", containerStatuses: [waiting("ImagePullBackOff")] }),
      "ImagePullBackOff",
    ],
    [
      "a finished pod shows Completed",
      pod({}, { phase: "Succeeded", containerStatuses: [terminated("Completed", 0)] }),
      "Completed",
    ],
    ["a failed pod shows Error", pod({}, { phase: "Failed", containerStatuses: [terminated("Error", 1)] }), "Error"],
    [
      "a terminated container without reason shows its exit code",
      pod({}, { phase: "Failed", containerStatuses: [{ name: "app", state: { terminated: { exitCode: 137 } } }] }),
      "ExitCode:137",
    ],
    [
      "a pod being deleted is Terminating",
      pod(
        {},
        { phase: "Running", containerStatuses: [{ name: "app", ready: true, state: { running: {} } }] },
        { deletionTimestamp: ago(5) },
      ),
      "Terminating",
    ],
    [
      "a pod deleted on a lost node is Unknown",
      pod({}, { phase: "Running", reason: "NodeLost" }, { deletionTimestamp: ago(5) }),
      "Unknown",
    ],
    [
      "a pod on a lost node not yet deleted shows NodeLost",
      pod({}, { phase: "Running", reason: "NodeLost" }),
      "NodeLost",
    ],
  ])("%s", (_name, p, want) => {
    expect(podSummary(p, { now: NOW, minor: 33 }).reason).toBe(want);
  });
});

describe("pod RESTARTS", () => {
  const restarted = pod(
    {},
    {
      phase: "Running",
      containerStatuses: [
        {
          name: "app",
          ready: true,
          restartCount: 3,
          state: { running: { startedAt: ago(40) } },
          lastState: { terminated: { exitCode: 1, finishedAt: ago(45) } },
        },
      ],
    },
  );
  it("1.21 prints the count only", () => {
    expect(podSummary(restarted, { now: NOW, minor: 21 }).restarts).toBe("3");
  });
  it("1.22 and later add the time since the last restart", () => {
    expect(podSummary(restarted, { now: NOW, minor: 33 }).restarts).toBe("3 (45s ago)");
  });
});

describe("columns per kind and version", () => {
  const headers = (kind: string, minor: number, wide = false) =>
    tableFor([], { now: NOW, minor, wide }, kind)
      .columns.filter((c) => wide || c.priority === 0)
      .map((c) => c.name.toUpperCase())
      .join(" ");

  it.each([
    ["Job has no STATUS in 1.21", "Job", 21, "NAME COMPLETIONS DURATION AGE"],
    ["Job has STATUS in 1.33", "Job", 33, "NAME STATUS COMPLETIONS DURATION AGE"],
    ["CronJob has no TIMEZONE in 1.21", "CronJob", 21, "NAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE"],
    ["CronJob has TIMEZONE in 1.33", "CronJob", 33, "NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE"],
    ["Event columns", "Event", 21, "LAST SEEN TYPE REASON OBJECT MESSAGE"],
    ["Role uses the default table", "Role", 33, "NAME CREATED AT"],
    ["ResourceQuota lists requests and limits", "ResourceQuota", 21, "NAME AGE REQUEST LIMIT"],
    ["ServiceAccount still counts secrets in 1.33", "ServiceAccount", 33, "NAME SECRETS AGE"],
    ["a custom resource gets NAME AGE", "Widget", 33, "NAME AGE"],
  ])("%s", (_name, kind, minor, want) => {
    expect(headers(kind, minor)).toBe(want);
  });

  it("wide pod columns", () => {
    expect(headers("Pod", 21, true)).toBe("NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES");
  });
});

describe("cells", () => {
  const opts = { now: NOW, minor: 33, wide: true };
  it("a LoadBalancer service without an address is <pending>", () => {
    const svc: KObject = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "lb", creationTimestamp: ago(60) },
      spec: {
        type: "LoadBalancer",
        clusterIPs: ["10.96.0.20"],
        ports: [{ port: 443, nodePort: 31443, protocol: "TCP" }],
      },
    };
    expect(tableFor([svc], opts).rows[0]).toEqual([
      "lb",
      "LoadBalancer",
      "10.96.0.20",
      "<pending>",
      "443:31443/TCP",
      "60s",
      "<none>",
    ]);
  });

  it("a role's CREATED AT is RFC 3339 in UTC", () => {
    const role: KObject = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "reader", creationTimestamp: "2024-05-01T10:00:00Z" },
    };
    expect(tableFor([role], opts).rows[0]).toEqual(["reader", "2024-05-01T10:00:00Z"]);
  });

  it("an HPA target names the resource from 1.30 on", () => {
    const hpa: KObject = {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web", creationTimestamp: ago(60) },
      spec: {
        scaleTargetRef: { kind: "Deployment", name: "web" },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [
          { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
        ],
      },
      status: { currentReplicas: 1, currentMetrics: [] },
    };
    expect(tableFor([hpa], { ...opts, minor: 21 }).rows[0][2]).toBe("<unknown>/80%");
    expect(tableFor([hpa], opts).rows[0][2]).toBe("cpu: <unknown>/80%");
  });

  it("role bindings list subjects in wide output", () => {
    const rb: KObject = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "read-pods", namespace: "default", creationTimestamp: ago(60) },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
      subjects: [
        { kind: "User", name: "jane" },
        { kind: "ServiceAccount", name: "robot", namespace: "default" },
      ],
    };
    expect(tableFor([rb], opts).rows[0]).toEqual(["read-pods", "Role/pod-reader", "60s", "jane", "", "default/robot"]);
  });
});
