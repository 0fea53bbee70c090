/**
 * The commands containers have beyond the shell's text tools, registered on import:
 * `curl` through the simulated cluster network (src/cli/host/curl.ts), busybox `nslookup`
 * against the cluster DNS (nslookup.ts), and what the images' own software prints
 * (programs.ts). Each runs only in an image that has it (binaries.ts).
 */
import { curlCommand } from "../host/curl.ts";
import { nslookupCommand } from "./nslookup.ts";
import { nginxCommand, redisCliCommand } from "./programs.ts";
import { registerContainerCommand } from "./registry.ts";

registerContainerCommand(curlCommand);
registerContainerCommand(nslookupCommand);
registerContainerCommand(nginxCommand);
registerContainerCommand(redisCliCommand);

export { containerCommand, registerContainerCommand } from "./registry.ts";
