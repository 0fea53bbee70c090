/** The taint-eviction controller; importing this module registers it with every new cluster. */
import { registerController } from "../../controller-registry.ts";
import { taintEvictionController } from "./controller.ts";

registerController(taintEvictionController);

export { TAINT_EVICTION_CONTROLLER, taintEvictionComponent, taintEvictionController } from "./controller.ts";
export { matchingTolerations, minTolerationSeconds, noExecuteTaints, type Taint } from "./tolerations.ts";
