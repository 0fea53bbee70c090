/** Runs a manifest through a kind's strategy the way the API server does: defaults, prepare, validate. */
import { createClock } from "../../../../src/sim/core/clock.ts";
import { createIds } from "../../../../src/sim/core/ids.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import "../../../../src/sim/k8s/registry/kinds/index.ts";
import { type StrategyContext, strategyFor } from "../../../../src/sim/k8s/registry/strategy.ts";
import { aggregate, type FieldErrors } from "../../../../src/sim/k8s/validation/field-errors.ts";

export function ctxFor(minor: number, apiVersion: string): StrategyContext {
  return { minor, apiVersion, clock: createClock(), ids: createIds(1) };
}

// biome-ignore lint/suspicious/noExplicitAny: test manifests are free-form.
export function obj(
  apiVersion: string,
  kind: string,
  metadata: Record<string, unknown>,
  rest: Record<string, any> = {},
): KObject {
  return { apiVersion, kind, metadata: { namespace: "default", ...metadata }, ...structuredClone(rest) };
}

export function defaulted(o: KObject, minor: number): KObject {
  const s = strategyFor(o.kind)!;
  const copy = structuredClone(o);
  s.defaults?.(copy, ctxFor(minor, o.apiVersion));
  return copy;
}

/** defaults + prepareForCreate + validate; returns the object and the errors' aggregate ("" when valid). */
export function create(o: KObject, minor: number): { obj: KObject; errs: FieldErrors; text: string } {
  const s = strategyFor(o.kind)!;
  const ctx = ctxFor(minor, o.apiVersion);
  const copy = structuredClone(o);
  s.defaults?.(copy, ctx);
  s.prepareForCreate?.(copy, ctx);
  const errs = s.validate?.(copy, ctx) ?? [];
  return { obj: copy, errs, text: errs.length ? aggregate(errs) : "" };
}

export function update(next: KObject, old: KObject, minor: number): { obj: KObject; errs: FieldErrors; text: string } {
  const s = strategyFor(next.kind)!;
  const ctx = ctxFor(minor, next.apiVersion);
  const copy = structuredClone(next);
  s.defaults?.(copy, ctx);
  s.prepareForUpdate?.(copy, old, ctx);
  const errs = s.validateUpdate?.(copy, old, ctx) ?? [];
  return { obj: copy, errs, text: errs.length ? aggregate(errs) : "" };
}
