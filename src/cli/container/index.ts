/**
 * The commands containers have beyond the shell's text tools, registered on import:
 * `curl` through the simulated cluster network (src/cli/host/curl.ts) and busybox `nslookup`
 * against the cluster DNS (nslookup.ts).
 */
import { curlCommand } from "../host/curl.ts";
import { nslookupCommand } from "./nslookup.ts";
import { registerContainerCommand } from "./registry.ts";

registerContainerCommand(curlCommand);
registerContainerCommand(nslookupCommand);

export { containerCommand, registerContainerCommand } from "./registry.ts";
