/**
 * The kube-scheduler of the simulation. Importing this module registers the scheduler
 * controller with every cluster created afterwards.
 */
import { registerController } from "../controller-registry.ts";
import { schedulerController } from "./controller.ts";

registerController(schedulerController);

export { bindPod, queueOrder, SCHEDULER_NAME, schedulerController, UNSCHEDULABLE_RETRY_MS } from "./controller.ts";
export { type Explanation, explainUnschedulable } from "./explain.ts";
export { Code, MAX_NODE_SCORE, type Plugin, type Status } from "./framework.ts";
export { fitErrorMessage } from "./messages.ts";
export { defaultProfile, registry } from "./registry.ts";
export { type NodeVerdict, numFeasibleNodesToFind, type ScheduleResult, Scheduler } from "./scheduler.ts";
