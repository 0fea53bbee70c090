/** Every kubectl subcommand, registered in one visible place. */
import { applyCommand } from "./cmd/apply.ts";
import { clusterInfoCommand } from "./cmd/cluster-info.ts";
import { configCommand } from "./cmd/config.ts";
import { createCommand } from "./cmd/create.ts";
import { deleteCommand } from "./cmd/delete.ts";
import { describeCommand } from "./cmd/describe.ts";
import { apiResourcesCommand, apiVersionsCommand, explainCommand } from "./cmd/discovery.ts";
import { exposeCommand } from "./cmd/expose.ts";
import { getCommand } from "./cmd/get.ts";
import { annotateCommand, labelCommand } from "./cmd/label.ts";
import { patchCommand } from "./cmd/patch.ts";
import { replaceCommand } from "./cmd/replace.ts";
import { runCommand } from "./cmd/run.ts";
import { scaleCommand } from "./cmd/scale.ts";
import { setCommand } from "./cmd/set.ts";
import { versionCommand } from "./cmd/version.ts";
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
])
  registerKubectlCommand(c);
