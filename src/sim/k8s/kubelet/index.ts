/**
 * The kubelet of the simulation. Importing this module registers the kubelets (one controller
 * for every node) with every cluster created afterwards.
 */
import { registerController } from "../controller-registry.ts";
import { Kubelet } from "./kubelet.ts";

registerController((cluster) => new Kubelet(cluster).controller());

export { liveFs, runInContainer, serveHttp } from "./container-runtime.ts";
export { KUBELET, type Kubelet, kubeletOf } from "./kubelet.ts";
export type { LogLine } from "./program.ts";
