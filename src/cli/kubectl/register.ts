/** Every kubectl subcommand, registered in one visible place. */
import { applyCommand } from "./cmd/apply.ts";
import { deleteCommand } from "./cmd/delete.ts";
import { describeCommand } from "./cmd/describe.ts";
import { apiResourcesCommand, apiVersionsCommand, explainCommand } from "./cmd/discovery.ts";
import { getCommand } from "./cmd/get.ts";
import { registerKubectlCommand } from "./index.ts";

for (const c of [
  applyCommand,
  getCommand,
  deleteCommand,
  describeCommand,
  explainCommand,
  apiResourcesCommand,
  apiVersionsCommand,
]) registerKubectlCommand(c);
