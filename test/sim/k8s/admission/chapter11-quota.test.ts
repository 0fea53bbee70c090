/**
 * The textbook's chapter 11 quota manifests (start-docker-kubernetes/chapter11-1) replayed through
 * kubectl on 1.21 and 1.33, full outputs. The corpus is read from ../shared; the test skips
 * when it is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../../src/index.ts";

const BOOK = new URL("../../../../../shared/corpus/book/start-docker-kubernetes/chapter11-1/", import.meta.url)
  .pathname;
const HAVE_BOOK = existsSync(BOOK);
if (!HAVE_BOOK) console.warn(`skipping chapter 11 quota transcripts: ${BOOK} is absent`);

const FILES = [
  "resource-quota.yaml",
  "nginx-besteffort-pod.yaml",
  "resource-limit-with-request-pod.yaml",
  "quota-limit-pod-svc.yaml",
  "quota-limit-besteffort.yaml",
  "resource-limit-pod-guaranteed.yaml",
];

type Step = [command: string, stdout: string, stderr: string, exitCode: number];

const TRANSCRIPTS: Record<string, Step[]> = {
  "1.21": [
    [
      "kubectl apply -f resource-quota.yaml",
      `resourcequota/resource-quota-example created
`,
      ``,
      0,
    ],
    [
      "kubectl get quota",
      `NAME                     AGE   REQUEST                                       LIMIT
resource-quota-example   1s    requests.cpu: 0/1, requests.memory: 0/500Mi   limits.cpu: 0/1500m, limits.memory: 0/1000Mi
`,
      ``,
      0,
    ],
    [
      "kubectl describe quota resource-quota-example",
      `Name:            resource-quota-example
Namespace:       default
Resource         Used  Hard
--------         ----  ----
limits.cpu       0     1500m
limits.memory    0     1000Mi
requests.cpu     0     1
requests.memory  0     500Mi
`,
      ``,
      0,
    ],
    [
      "kubectl apply -f nginx-besteffort-pod.yaml",
      ``,
      `Error from server (Forbidden): error when creating "nginx-besteffort-pod.yaml": pods "nginx-besteffort-pod" is forbidden: failed quota: resource-quota-example: must specify limits.cpu,limits.memory,requests.cpu,requests.memory
`,
      1,
    ],
    [
      "kubectl apply -f resource-limit-with-request-pod.yaml",
      `pod/resource-limit-with-request-pod created
`,
      ``,
      0,
    ],
    [
      "kubectl describe quota resource-quota-example",
      `Name:            resource-quota-example
Namespace:       default
Resource         Used   Hard
--------         ----   ----
limits.cpu       1      1500m
limits.memory    256Mi  1000Mi
requests.cpu     500m   1
requests.memory  128Mi  500Mi
`,
      ``,
      0,
    ],
    [
      "kubectl get quota",
      `NAME                     AGE   REQUEST                                              LIMIT
resource-quota-example   6s    requests.cpu: 500m/1, requests.memory: 128Mi/500Mi   limits.cpu: 1/1500m, limits.memory: 256Mi/1000Mi
`,
      ``,
      0,
    ],
    [
      "kubectl delete quota resource-quota-example",
      `resourcequota "resource-quota-example" deleted
`,
      ``,
      0,
    ],
    [
      "kubectl apply -f quota-limit-pod-svc.yaml",
      `resourcequota/resource-quota-example created
`,
      ``,
      0,
    ],
    [
      "kubectl get quota",
      `NAME                     AGE   REQUEST                                                                                    LIMIT
resource-quota-example   1s    count/pods: 1/3, count/services: 1/5, requests.cpu: 500m/1, requests.memory: 128Mi/500Mi   limits.cpu: 1/1500m, limits.memory: 256Mi/1000Mi
`,
      ``,
      0,
    ],
    [
      "kubectl delete quota resource-quota-example",
      `resourcequota "resource-quota-example" deleted
`,
      ``,
      0,
    ],
    [
      "kubectl delete pod resource-limit-with-request-pod",
      `pod "resource-limit-with-request-pod" deleted
`,
      ``,
      0,
    ],
    [
      "kubectl apply -f quota-limit-besteffort.yaml",
      `resourcequota/besteffort-quota created
`,
      ``,
      0,
    ],
    [
      "kubectl describe quota besteffort-quota",
      `Name:       besteffort-quota
Namespace:  default
Scopes:     BestEffort
 * Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.
Resource    Used  Hard
--------    ----  ----
count/pods  0     1
`,
      ``,
      0,
    ],
    [
      "kubectl apply -f nginx-besteffort-pod.yaml",
      `pod/nginx-besteffort-pod created
`,
      ``,
      0,
    ],
    [
      "kubectl run second --image=nginx",
      ``,
      `Error from server (Forbidden): pods "second" is forbidden: exceeded quota: besteffort-quota, requested: count/pods=1, used: count/pods=1, limited: count/pods=1
`,
      1,
    ],
    [
      "kubectl apply -f resource-limit-pod-guaranteed.yaml",
      `pod/resource-limit-pod-guaranteed created
`,
      ``,
      0,
    ],
    ["kubectl get pod resource-limit-pod-guaranteed -o jsonpath='{.status.qosClass}'", `Guaranteed`, ``, 0],
  ],
  "1.33": [
    [
      "kubectl apply -f resource-quota.yaml",
      `resourcequota/resource-quota-example created
`,
      ``,
      0,
    ],
    [
      "kubectl get quota",
      `NAME                     AGE   REQUEST                                       LIMIT
resource-quota-example   1s    requests.cpu: 0/1, requests.memory: 0/500Mi   limits.cpu: 0/1500m, limits.memory: 0/1000Mi
`,
      ``,
      0,
    ],
    [
      "kubectl describe quota resource-quota-example",
      `Name:            resource-quota-example
Namespace:       default
Resource         Used  Hard
--------         ----  ----
limits.cpu       0     1500m
limits.memory    0     1000Mi
requests.cpu     0     1
requests.memory  0     500Mi
`,
      ``,
      0,
    ],
    [
      "kubectl apply -f nginx-besteffort-pod.yaml",
      ``,
      `Error from server (Forbidden): error when creating "nginx-besteffort-pod.yaml": pods "nginx-besteffort-pod" is forbidden: failed quota: resource-quota-example: must specify limits.cpu for: nginx-besteffort-pod; limits.memory for: nginx-besteffort-pod; requests.cpu for: nginx-besteffort-pod; requests.memory for: nginx-besteffort-pod
`,
      1,
    ],
    [
      "kubectl apply -f resource-limit-with-request-pod.yaml",
      `pod/resource-limit-with-request-pod created
`,
      ``,
      0,
    ],
    [
      "kubectl describe quota resource-quota-example",
      `Name:            resource-quota-example
Namespace:       default
Resource         Used   Hard
--------         ----   ----
limits.cpu       1      1500m
limits.memory    256Mi  1000Mi
requests.cpu     500m   1
requests.memory  128Mi  500Mi
`,
      ``,
      0,
    ],
    [
      "kubectl get quota",
      `NAME                     AGE   REQUEST                                              LIMIT
resource-quota-example   6s    requests.cpu: 500m/1, requests.memory: 128Mi/500Mi   limits.cpu: 1/1500m, limits.memory: 256Mi/1000Mi
`,
      ``,
      0,
    ],
    [
      "kubectl delete quota resource-quota-example",
      `resourcequota "resource-quota-example" deleted
`,
      ``,
      0,
    ],
    [
      "kubectl apply -f quota-limit-pod-svc.yaml",
      `resourcequota/resource-quota-example created
`,
      ``,
      0,
    ],
    [
      "kubectl get quota",
      `NAME                     AGE   REQUEST                                                                                    LIMIT
resource-quota-example   1s    count/pods: 1/3, count/services: 1/5, requests.cpu: 500m/1, requests.memory: 128Mi/500Mi   limits.cpu: 1/1500m, limits.memory: 256Mi/1000Mi
`,
      ``,
      0,
    ],
    [
      "kubectl delete quota resource-quota-example",
      `resourcequota "resource-quota-example" deleted
`,
      ``,
      0,
    ],
    [
      "kubectl delete pod resource-limit-with-request-pod",
      `pod "resource-limit-with-request-pod" deleted
`,
      ``,
      0,
    ],
    [
      "kubectl apply -f quota-limit-besteffort.yaml",
      `resourcequota/besteffort-quota created
`,
      ``,
      0,
    ],
    [
      "kubectl describe quota besteffort-quota",
      `Name:       besteffort-quota
Namespace:  default
Scopes:     BestEffort
 * Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.
Resource    Used  Hard
--------    ----  ----
count/pods  0     1
`,
      ``,
      0,
    ],
    [
      "kubectl apply -f nginx-besteffort-pod.yaml",
      `pod/nginx-besteffort-pod created
`,
      ``,
      0,
    ],
    [
      "kubectl run second --image=nginx",
      ``,
      `Error from server (Forbidden): pods "second" is forbidden: exceeded quota: besteffort-quota, requested: count/pods=1, used: count/pods=1, limited: count/pods=1
`,
      1,
    ],
    [
      "kubectl apply -f resource-limit-pod-guaranteed.yaml",
      `pod/resource-limit-pod-guaranteed created
`,
      ``,
      0,
    ],
    ["kubectl get pod resource-limit-pod-guaranteed -o jsonpath='{.status.qosClass}'", `Guaranteed`, ``, 0],
  ],
};

describe.skipIf(!HAVE_BOOK)("chapter 11 resource quotas, replayed", () => {
  it.each(Object.keys(TRANSCRIPTS))("prints what kubectl %s prints at every step", async (version) => {
    const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
    for (const f of FILES) sim.writeFile(f, readFileSync(BOOK + f, "utf8"));
    for (const [command, stdout, stderr, exitCode] of TRANSCRIPTS[version]) {
      const r = await sim.exec(command);
      expect({ command, ...r }).toEqual({ command, stdout, stderr, exitCode });
    }
  });
});
