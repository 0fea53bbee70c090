/** Helpers every workload controller shares: controller refs and claiming, pod filters, ranking, hashing, indexes. */
export { deletionCost, POD_DELETION_COST, type RankOptions, sortForDeletion } from "./active-pods.ts";
export { Backoff } from "./backoff.ts";
export { type ClaimOptions, claimObjects, controllerOf, isControlledBy, newControllerRef } from "./controller-ref.ts";
export { Expectations } from "./expectations.ts";
export { canonicalJson, computeHash, fnv32a, safeEncodeString } from "./hash.ts";
export { OwnerIndex, ownerIndex } from "./owner-index.ts";
export {
  availableAt,
  isPodActive,
  isPodAvailable,
  isPodReady,
  maxContainerRestarts,
  podReadyTime,
  readyCondition,
} from "./pod-filters.ts";
export { slowStartBatch } from "./slow-start.ts";
export { WakeUps } from "./timers.ts";
