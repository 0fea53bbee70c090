/**
 * The commands containers have beyond the shell's text tools, registered on import:
 * `curl` through the simulated cluster network (src/cli/host/curl.ts).
 */
import { curlCommand } from "../host/curl.ts";
import { registerContainerCommand } from "./registry.ts";

registerContainerCommand(curlCommand);

export { containerCommand, registerContainerCommand } from "./registry.ts";
