import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/index.ts";
import "../../sim/k8s/controllers/fake-kubelet.ts";

/**
 * `kubectl rollout` replayed in full against a Deployment whose pods the test kubelet makes
 * Ready 2 s after creation (schedulerName fake-scheduler), so every line is pinned. Each
 * command advances virtual time by 1 s after it runs, as a terminal session does.
 */
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  progressDeadlineSeconds: 60
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      schedulerName: fake-scheduler
      containers:
      - name: nginx
        image: nginx:1.10
`;

type Step = [command: string, stdout: string, stderr: string, exitCode: number];

const STEPS_1_21: Step[] = [
  ["kubectl apply -f web.yaml", "deployment.apps/web created\n", "", 0],
  [
    "kubectl rollout status deployment/web",
    'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\ndeployment "web" successfully rolled out\n',
    "",
    0,
  ],
  ["kubectl set image deployment/web nginx=nginx:1.11 --record", "deployment.apps/web image updated\n", "", 0],
  [
    "kubectl rollout status deploy web --watch=false",
    'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    "",
    0,
  ],
  [
    "kubectl rollout status deploy web",
    'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\nWaiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\ndeployment "web" successfully rolled out\n',
    "",
    0,
  ],
  [
    "kubectl rollout history deployment/web",
    "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/web nginx=nginx:1.11 --record\n\n",
    "",
    0,
  ],
  [
    "kubectl rollout history deployment/web --revision=2",
    "deployment.apps/web with revision #2\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=767764d76c\n  Annotations:\tkubernetes.io/change-cause: kubectl set image deployment/web nginx=nginx:1.11 --record\n  Containers:\n   nginx:\n    Image:\tnginx:1.11\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n\n",
    "",
    0,
  ],
  ["kubectl rollout history deployment/web --revision=7", "", "error: unable to find the specified revision\n", 1],
  [
    "kubectl rollout undo deployment/web --to-revision=5",
    "",
    "error: unable to find specified revision 5 in history\n",
    1,
  ],
  ["kubectl rollout undo deployment/web", "deployment.apps/web rolled back\n", "", 0],
  [
    "kubectl rollout undo deployment/web --to-revision=3",
    "deployment.apps/web skipped rollback (current template already matches revision 3)\n",
    "",
    0,
  ],
  [
    "kubectl rollout history deployment/web",
    "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         kubectl set image deployment/web nginx=nginx:1.11 --record\n3         <none>\n\n",
    "",
    0,
  ],
  ["kubectl rollout pause deployment/web", "deployment.apps/web paused\n", "", 0],
  ["kubectl rollout pause deployment/web", "", 'error: deployments.apps "web" is already paused\n', 1],
  [
    "kubectl rollout restart deployment/web",
    "",
    'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n',
    1,
  ],
  [
    "kubectl rollout undo deployment/web",
    "",
    "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again\n",
    1,
  ],
  ["kubectl rollout resume deployment/web", "deployment.apps/web resumed\n", "", 0],
  ["kubectl rollout resume deployment/web", "", 'error: deployments.apps "web" is not paused\n', 1],
  ["kubectl rollout restart deployment/web", "deployment.apps/web restarted\n", "", 0],
  [
    "kubectl get deploy web -o jsonpath={.spec.template.metadata.annotations}",
    '{"kubectl.kubernetes.io/restartedAt":"2026-01-05T09:00:23Z"}',
    "",
    0,
  ],
  [
    "kubectl rollout status deployment/web",
    'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\nWaiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\ndeployment "web" successfully rolled out\n',
    "",
    0,
  ],
  ["kubectl set image deployment/web nginx=nginx:does-not-exist", "deployment.apps/web image updated\n", "", 0],
  [
    "kubectl rollout status deployment/web --timeout=20s",
    'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    "error: timed out waiting for the condition\n",
    1,
  ],
  [
    "kubectl rollout status deployment/web",
    'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    'error: deployment "web" exceeded its progress deadline\n',
    1,
  ],
  ["kubectl rollout status", "", "error: required resource not specified\n", 1],
  [
    "kubectl rollout status deployment/nope",
    "",
    'Error from server (NotFound): deployments.apps "nope" not found\n',
    1,
  ],
  [
    "kubectl rollout status deployment/web --timeout=x",
    "",
    'error: invalid argument "x" for "--timeout" flag: time: invalid duration "x"\nSee \'kubectl rollout status --help\' for usage.\n',
    1,
  ],
  ["kubectl rollout status deployment/web --revision=-1", "", "error: revision must be a positive integer: -1\n", 1],
  ["kubectl rollout history pod/nope", "", 'Error from server (NotFound): pods "nope" not found\n', 1],
];

const STEPS_1_33: Step[] = [
  ["kubectl apply -f web.yaml", "deployment.apps/web created\n", "", 0],
  [
    "kubectl rollout status deployment/web",
    'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\ndeployment "web" successfully rolled out\n',
    "",
    0,
  ],
  [
    "kubectl set image deployment/web nginx=nginx:1.11 --record",
    "deployment.apps/web image updated\n",
    "Flag --record has been deprecated, --record will be removed in the future\n",
    0,
  ],
  [
    "kubectl rollout status deploy web --watch=false",
    'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    "",
    0,
  ],
  [
    "kubectl rollout status deploy web",
    'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\nWaiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\ndeployment "web" successfully rolled out\n',
    "",
    0,
  ],
  [
    "kubectl rollout history deployment/web",
    "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/web nginx=nginx:1.11 --record\n\n",
    "",
    0,
  ],
  [
    "kubectl rollout history deployment/web --revision=2",
    "deployment.apps/web with revision #2\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=767764d76c\n  Annotations:\tkubernetes.io/change-cause: kubectl set image deployment/web nginx=nginx:1.11 --record\n  Containers:\n   nginx:\n    Image:\tnginx:1.11\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n",
    "",
    0,
  ],
  ["kubectl rollout history deployment/web --revision=7", "", "error: unable to find the specified revision\n", 1],
  [
    "kubectl rollout undo deployment/web --to-revision=5",
    "",
    "error: unable to find specified revision 5 in history\n",
    1,
  ],
  ["kubectl rollout undo deployment/web", "deployment.apps/web rolled back\n", "", 0],
  [
    "kubectl rollout undo deployment/web --to-revision=3",
    "deployment.apps/web skipped rollback (current template already matches revision 3)\n",
    "",
    0,
  ],
  [
    "kubectl rollout history deployment/web",
    "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         kubectl set image deployment/web nginx=nginx:1.11 --record\n3         <none>\n\n",
    "",
    0,
  ],
  ["kubectl rollout pause deployment/web", "deployment.apps/web paused\n", "", 0],
  ["kubectl rollout pause deployment/web", "", 'error: deployments.apps "web" is already paused\n', 1],
  [
    "kubectl rollout restart deployment/web",
    "",
    'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n',
    1,
  ],
  [
    "kubectl rollout undo deployment/web",
    "",
    "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again\n",
    1,
  ],
  ["kubectl rollout resume deployment/web", "deployment.apps/web resumed\n", "", 0],
  ["kubectl rollout resume deployment/web", "", 'error: deployments.apps "web" is not paused\n', 1],
  ["kubectl rollout restart deployment/web", "deployment.apps/web restarted\n", "", 0],
  [
    "kubectl get deploy web -o jsonpath={.spec.template.metadata.annotations}",
    '{"kubectl.kubernetes.io/restartedAt":"2026-01-05T09:00:23Z"}',
    "",
    0,
  ],
  [
    "kubectl rollout status deployment/web",
    'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\nWaiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\ndeployment "web" successfully rolled out\n',
    "",
    0,
  ],
  ["kubectl set image deployment/web nginx=nginx:does-not-exist", "deployment.apps/web image updated\n", "", 0],
  [
    "kubectl rollout status deployment/web --timeout=20s",
    'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    "error: timed out waiting for the condition\n",
    1,
  ],
  [
    "kubectl rollout status deployment/web",
    'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    'error: deployment "web" exceeded its progress deadline\n',
    1,
  ],
  ["kubectl rollout status", "", "error: required resource not specified\n", 1],
  [
    "kubectl rollout status deployment/nope",
    "",
    'Error from server (NotFound): deployments.apps "nope" not found\n',
    1,
  ],
  [
    "kubectl rollout status deployment/web --timeout=x",
    "",
    'error: invalid argument "x" for "--timeout" flag: time: invalid duration "x"\nSee \'kubectl rollout status --help\' for usage.\n',
    1,
  ],
  ["kubectl rollout status deployment/web --revision=-1", "", "error: revision must be a positive integer: -1\n", 1],
  ["kubectl rollout history pod/nope", "", 'Error from server (NotFound): pods "nope" not found\n', 1],
];

describe.each([
  ["1.21", STEPS_1_21],
  ["1.33", STEPS_1_33],
] as const)("kubectl rollout on %s: status, history, undo, pause, resume, restart and a deadline", (version, steps) => {
  it("prints what kubectl prints at every step", async () => {
    const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
    sim.writeFile("web.yaml", MANIFEST);
    for (const [command, stdout, stderr, exitCode] of steps) {
      expect({ command, ...(await sim.exec(command)) }).toEqual({ command, stdout, stderr, exitCode });
    }
  });
});
