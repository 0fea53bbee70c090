/** Every kubectl subcommand, registered in one visible place. */
import { applyCommand } from "./cmd/apply.ts";
import { authCommand } from "./cmd/auth.ts";
import { clusterInfoCommand } from "./cmd/cluster-info.ts";
import { configCommand } from "./cmd/config.ts";
import { cordonCommand, uncordonCommand } from "./cmd/cordon.ts";
import { createCommand } from "./cmd/create.ts";
import { deleteCommand } from "./cmd/delete.ts";
import { describeCommand } from "./cmd/describe.ts";
import { apiResourcesCommand, apiVersionsCommand, explainCommand } from "./cmd/discovery.ts";
import { drainCommand } from "./cmd/drain.ts";
import { eventsCommand } from "./cmd/events.ts";
import { execCommand } from "./cmd/exec.ts";
import { exposeCommand } from "./cmd/expose.ts";
import { getCommand } from "./cmd/get.ts";
import { annotateCommand, labelCommand } from "./cmd/label.ts";
import { logsCommand } from "./cmd/logs.ts";
import { patchCommand } from "./cmd/patch.ts";
import { replaceCommand } from "./cmd/replace.ts";
import { rolloutCommand } from "./cmd/rollout.ts";
import { runCommand } from "./cmd/run.ts";
import { scaleCommand } from "./cmd/scale.ts";
import { setCommand } from "./cmd/set.ts";
import { taintCommand } from "./cmd/taint.ts";
import { topCommand } from "./cmd/top.ts";
import { versionCommand } from "./cmd/version.ts";
import { waitCommand } from "./cmd/wait.ts";
import { registerKubectlCommand } from "./index.ts";

for (const c of [
  applyCommand,
  getCommand,
  deleteCommand,
  describeCommand,
  explainCommand,
  apiResourcesCommand,
  apiVersionsCommand,
  createCommand,
  runCommand,
  exposeCommand,
  labelCommand,
  annotateCommand,
  patchCommand,
  replaceCommand,
  scaleCommand,
  setCommand,
  configCommand,
  versionCommand,
  clusterInfoCommand,
  authCommand,
  // nodes and waiting: taint, cordon/uncordon, drain, wait
  taintCommand,
  cordonCommand,
  uncordonCommand,
  drainCommand,
  waitCommand,
  // workloads: rollout status|history|undo|restart|pause|resume
  rolloutCommand,
  // containers: logs and exec (the kubelet's view of what runs), top (no Metrics API here)
  logsCommand,
  execCommand,
  topCommand,
  eventsCommand,
])
  registerKubectlCommand(c);
