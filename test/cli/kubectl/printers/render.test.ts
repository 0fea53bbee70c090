import { describe, expect, it } from "vitest";
import { renderGet, renderNames, renderTables } from "../../../../src/cli/kubectl/printers/render.ts";
import {
  controlPlaneNode,
  cordonedNode,
  deployment,
  NOW,
  nodePortService,
  pendingPod,
  replicaSet,
  runningPod,
} from "./fixtures.ts";

const lines = (...ls: string[]): string => `${ls.join("\n")}\n`;

describe("kubectl get pods", () => {
  it("1.21 prints restart counts without their age", () => {
    expect(renderTables([{ objects: [pendingPod, runningPod] }], { now: NOW, minor: 21 })).toBe(
      lines(
        "NAME                  READY   STATUS    RESTARTS   AGE",
        "nginx                 0/1     Pending   0          30s",
        "web-7d4b9c8f5-x2k9p   1/1     Running   2          120m",
      ),
    );
  });

  it("1.33 adds the time since the last restart", () => {
    expect(renderTables([{ objects: [pendingPod, runningPod] }], { now: NOW, minor: 33 })).toBe(
      lines(
        "NAME                  READY   STATUS    RESTARTS       AGE",
        "nginx                 0/1     Pending   0              30s",
        "web-7d4b9c8f5-x2k9p   1/1     Running   2 (5m1s ago)   120m",
      ),
    );
  });

  it("-o wide --show-labels adds the wide columns and LABELS last", () => {
    expect(renderTables([{ objects: [pendingPod] }], { now: NOW, minor: 33, wide: true, showLabels: true })).toBe(
      lines(
        "NAME    READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES   LABELS",
        "nginx   0/1     Pending   0          30s   <none>   <none>   <none>           <none>            run=nginx",
      ),
    );
  });

  it("-L adds one upper-cased column per label key, empty when missing", () => {
    expect(
      renderTables([{ objects: [pendingPod, runningPod] }], { now: NOW, minor: 21, labelColumns: ["app", "run"] }),
    ).toBe(
      lines(
        "NAME                  READY   STATUS    RESTARTS   AGE    APP   RUN",
        "nginx                 0/1     Pending   0          30s          nginx",
        "web-7d4b9c8f5-x2k9p   1/1     Running   2          120m   web   ",
      ),
    );
  });

  it("--no-headers prints rows only, columns still at least six wide", () => {
    expect(renderTables([{ objects: [pendingPod] }], { now: NOW, minor: 21, noHeaders: true })).toBe(
      lines("nginx   0/1   Pending   0     30s"),
    );
  });

  it("an empty namespace says so on stderr", () => {
    expect(renderGet([{ objects: [], kind: "Pod" }], { now: NOW, minor: 33, namespace: "dev" })).toEqual({
      stdout: "",
      stderr: "No resources found in dev namespace.\n",
    });
  });

  it("-A on an empty cluster says so without a namespace", () => {
    expect(renderGet([{ objects: [], kind: "Pod" }], { now: NOW, minor: 33, allNamespaces: true }).stderr).toBe(
      "No resources found\n",
    );
  });
});

describe("other kinds", () => {
  it("nodes show roles, cordoning and the wide system columns", () => {
    expect(
      renderTables([{ objects: [controlPlaneNode, cordonedNode], namespaced: false }], {
        now: NOW,
        minor: 21,
        wide: true,
      }),
    ).toBe(
      lines(
        "NAME     STATUS                     ROLES                  AGE    VERSION    INTERNAL-IP     EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION      CONTAINER-RUNTIME",
        "k8s-m    Ready                      control-plane,master   6d     v1.21.14   192.168.56.10   <none>        Ubuntu 20.04.2 LTS   5.4.0-80-generic    docker://20.10.7",
        "k8s-w1   Ready,SchedulingDisabled   <none>                 5d3h   v1.33.1    192.168.56.11   <none>        Ubuntu 22.04.3 LTS   5.15.0-91-generic   containerd://1.7.2",
      ),
    );
  });

  it("a NodePort service shows port:nodePort and its selector with -o wide", () => {
    expect(renderTables([{ objects: [nodePortService] }], { now: NOW, minor: 33, wide: true })).toBe(
      lines(
        "NAME   TYPE       CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE   SELECTOR",
        "web    NodePort   10.96.142.17   <none>        80:30080/TCP   10m   app=web",
      ),
    );
  });

  it("a deployment shows READY as ready/desired, wide adds containers, images and selector", () => {
    expect(renderTables([{ objects: [deployment] }], { now: NOW, minor: 33, wide: true })).toBe(
      lines(
        "NAME   READY   UP-TO-DATE   AVAILABLE   AGE    CONTAINERS   IMAGES       SELECTOR",
        "web    3/3     3            3           121m   web          nginx:1.25   app=web",
      ),
    );
  });
});

describe("several kinds at once, as kubectl get all -A", () => {
  it("prefixes names with kind.group and separates tables with a blank line", () => {
    const out = renderTables(
      [{ objects: [runningPod] }, { objects: [nodePortService] }, { objects: [deployment] }, { objects: [replicaSet] }],
      { now: NOW, minor: 21, allNamespaces: true },
    );
    expect(out).toBe(
      lines(
        "NAMESPACE   NAME                      READY   STATUS    RESTARTS   AGE",
        "default     pod/web-7d4b9c8f5-x2k9p   1/1     Running   2          120m",
        "",
        "NAMESPACE   NAME          TYPE       CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE",
        "default     service/web   NodePort   10.96.142.17   <none>        80:30080/TCP   10m",
        "",
        "NAMESPACE   NAME                  READY   UP-TO-DATE   AVAILABLE   AGE",
        "default     deployment.apps/web   3/3     3            3           121m",
        "",
        "NAMESPACE   NAME                            DESIRED   CURRENT   READY   AGE",
        "default     replicaset.apps/web-7d4b9c8f5   3         3         3       121m",
      ),
    );
  });

  it("a kind with no objects prints nothing, not even a separator", () => {
    const out = renderTables([{ objects: [], kind: "Pod" }, { objects: [nodePortService] }], { now: NOW, minor: 33 });
    expect(out).toBe(
      lines(
        "NAME          TYPE       CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE",
        "service/web   NodePort   10.96.142.17   <none>        80:30080/TCP   10m",
      ),
    );
  });

  it("-o name prints kind.group/name", () => {
    expect(renderNames([deployment, runningPod])).toBe("deployment.apps/web\npod/web-7d4b9c8f5-x2k9p\n");
  });
});
