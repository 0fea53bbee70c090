/**
 * The ReplicaSet and ReplicationController controllers. Importing this module registers both
 * with every cluster created afterwards.
 */
import { registerController } from "../../controller-registry.ts";
import { replicaController } from "./controller.ts";
import { REPLICA_SET, REPLICATION_CONTROLLER } from "./kinds.ts";

export const replicaSetController = replicaController(REPLICA_SET);
export const replicationControllerController = replicaController(REPLICATION_CONTROLLER);

registerController(replicaSetController);
registerController(replicationControllerController);

export { REPLICA_SET, REPLICATION_CONTROLLER, type ReplicaKind } from "./kinds.ts";
export { BURST_REPLICAS, manageReplicas } from "./manage.ts";
export { podFromTemplate } from "./pod-template.ts";
export { calculateStatus, type ReplicaStatus } from "./status.ts";
