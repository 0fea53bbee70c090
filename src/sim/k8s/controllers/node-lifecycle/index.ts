/**
 * The node lifecycle controller. Importing this module registers it with every cluster
 * created afterwards; `setNodeCondition` is how a lab or a check breaks (or mends) a node.
 */
import { registerController } from "../../controller-registry.ts";
import { nodeLifecycleController } from "./controller.ts";

registerController(nodeLifecycleController);

export { nodeLifecycleController } from "./controller.ts";
export {
  kubeletPosting,
  kubeletStoppedAt,
  NODE_CONTROLLER_COMPONENT,
  NODE_LIFECYCLE_CONTROLLER,
  type NodeHealth,
  nodeMonitorGracePeriodMs,
  type SetNodeConditionOptions,
  setNodeCondition,
  unknownDueAt,
} from "./health.ts";
export {
  desiredControllerTaints,
  NOT_READY_TAINT,
  type NodeTaint,
  reconcileTaints,
  UNREACHABLE_TAINT,
  UNSCHEDULABLE_TAINT,
} from "./taints.ts";
