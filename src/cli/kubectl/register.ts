/** Every kubectl subcommand, registered in one visible place. */
import { applyCommand } from "./cmd/apply.ts";
import { deleteCommand } from "./cmd/delete.ts";
import { describeCommand } from "./cmd/describe.ts";
import { getCommand } from "./cmd/get.ts";
import { registerKubectlCommand } from "./index.ts";

for (const c of [applyCommand, getCommand, deleteCommand, describeCommand]) registerKubectlCommand(c);
