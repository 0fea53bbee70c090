/** Registers every built-in kind's strategy: the API server imports this one module. */
import "./pod.ts";
import "./replicaset.ts";
import "./deployment.ts";
import "./daemonset.ts";
import "./statefulset.ts";
import "./service.ts";
import "./namespace.ts";
import "./config.ts";
import "./rbac.ts";
import "./batch.ts";
import "./networking.ts";
import "./policy.ts";
import "./storage.ts";
import "./autoscaling.ts";
import "./quota.ts";
import "./crd.ts";
import "./cluster.ts";

export { jobLabelNames } from "./batch.ts";
export { base64Error, secretDecodeError } from "./config.ts";
export { podQOSClass } from "./pod.ts";
export { NODE_PORT_RANGE, validateNodePortRange } from "./service.ts";
