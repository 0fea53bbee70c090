/**
 * The Deployment controller. Importing this module registers the ReplicaSet and
 * ReplicationController controllers first (a Deployment reads the status its ReplicaSets
 * report, so within a reconcile round they run before it), then the Deployment controller.
 */
import "../replicaset/index.ts";
import { registerController } from "../../controller-registry.ts";
import { deploymentController } from "./controller.ts";

registerController(deploymentController);

export { computeHash } from "../controller-utils/hash.ts";
export { scalingMessage } from "./context.ts";
export { deploymentController } from "./controller.ts";
export {
  DESIRED_REPLICAS,
  equalIgnoreHash,
  MAX_REPLICAS,
  maxSurge,
  maxUnavailable,
  POD_TEMPLATE_HASH,
  REVISION,
  REVISION_HISTORY,
  ROLLBACK_TO,
  resolveFenceposts,
  revisionOf,
  scaledValue,
} from "./util.ts";
