/** RBAC: who may do what, decided as the API server's authorizer chain decides. */

export {
  authenticateToken,
  type ImpersonationResult,
  impersonate,
  KUBEADM_ADMIN,
  KUBEADM_CLUSTER_ADMINS,
  kubeadmAdmin,
} from "./authenticate.ts";
export { authorize, type Decision, type RulesReview, reviewRules } from "./authorizer.ts";
export { analyzeDenial, type BoundRole, type DenialAnalysis } from "./denial.ts";
export { type Attributes, type PolicyRule, ruleAllows, ruleCoversResource } from "./rule-matching.ts";
export { aggregateErrors, describeSource, describeSubject, RuleResolver, type RuleSource } from "./rule-resolver.ts";
export {
  AUTHENTICATED_GROUP,
  impersonatedUser,
  PRIVILEGED_GROUP,
  serviceAccountUser,
  serviceAccountUsername,
  splitServiceAccountUsername,
  type UserInfo,
} from "./user.ts";
