/** The disruption (PodDisruptionBudget) controller; importing this module registers it. */
import { registerController } from "../../controller-registry.ts";
import { disruptionController } from "./controller.ts";

registerController(disruptionController);

export { type BudgetSpec, disruptionsAllowed, expectedPodCount, needsScale, scaledValue } from "./budget.ts";
export {
  DELETION_TIMEOUT_MS,
  DISRUPTION_CONTROLLER,
  disruptionController,
  isPodReady,
  PDB_RESOURCE,
  podsForPdb,
} from "./controller.ts";
export { controllerOf, expectedScale, type ScaleResult } from "./scale.ts";
