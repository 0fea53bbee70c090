/**
 * Per-kind strategies, as the API server's registry has them: how an object of a kind is
 * defaulted, prepared and validated on create and on update. Strategies are pure: they read
 * the context and the object, return field errors, and mutate only the object handed to them.
 */
import type { Clock } from "../../core/clock.ts";
import type { Ids } from "../../core/ids.ts";
import type { KObject } from "../api/object.ts";
import type { FieldErrors } from "../validation/field-errors.ts";

export interface StrategyContext {
  /** Kubernetes minor version emulated (21 for 1.21, 33 for 1.33). */
  minor: number;
  clock: Clock;
  ids: Ids;
  /** The apiVersion the object was sent with, e.g. `apps/v1`. */
  apiVersion: string;
}

export interface Strategy {
  kind: string;
  /** Scheme defaulting (SetDefaults_*), applied on decode before validation. */
  defaults?(obj: KObject, ctx: StrategyContext): void;
  /** PrepareForCreate: e.g. clear status, set initial phase. */
  prepareForCreate?(obj: KObject, ctx: StrategyContext): void;
  /** PrepareForUpdate: e.g. keep the old status on a spec update. */
  prepareForUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): void;
  validate?(obj: KObject, ctx: StrategyContext): FieldErrors;
  validateUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): FieldErrors;
  /** When true, a change to anything but metadata and status bumps metadata.generation. */
  tracksGeneration?: boolean;
}

const strategies = new Map<string, Strategy>();

/** Registers a strategy under its kind (group-less: kinds are unique among the built-ins we serve). */
export function registerStrategy(s: Strategy): void {
  strategies.set(s.kind, s);
}

export function strategyFor(kind: string): Strategy | undefined {
  return strategies.get(kind);
}
