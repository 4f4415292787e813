/**
 * Helpers shared by the audit scenarios: scenario names with parameters, and running the
 * page layer's step generators (`incRefCountSteps`, `Page.dropSteps`) as simulated threads.
 * @module
 */
import type { AtomicEffect, Co, FailureKind, Scenario, World } from '../../sync/index.js';
import { KernelSimError } from '../../util/errors.js';

/** Which side of a finding a scenario runs: 232e62b's code or the fix. */
export type ScenarioVariant = 'audited' | 'fixed';

/** A scenario parameter: its default, range and meaning. */
export interface ParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly doc: string;
}

/** Parameter specs by name. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/**
 * The scenario name `${id}/${variant}`, followed by `/name=value` for each parameter that is not
 * at its default (in the specs' order), so a schedule string names the exact scenario.
 */
export function scenarioName(id: string, variant: ScenarioVariant, specs: ParamSpecs | undefined, values: Readonly<Record<string, number>>): string {
  let name = `${id}/${variant}`;
  if (specs) for (const k of Object.keys(specs)) if (values[k] !== specs[k]!.default) name += `/${k}=${values[k]}`;
  return name;
}

/**
 * Runs a step generator of the page layer as a simulated thread: each step it yields becomes
 * one atomic effect on `target` (the page's ref_count), a preemption point. The code before the
 * first yield runs in the step that resumes the thread.
 */
export function* steps<S extends string>(gen: Generator<S, void, void>, target: string, op: AtomicEffect['op'] = 'fetchAdd'): Co<void> {
  const e: AtomicEffect = { kind: 'atomic', target, op };
  for (let r = gen.next(); !r.done; r = gen.next()) yield e;
}

/** Joins violation lines into one verdict: true when there are none. */
export function verdict(violations: readonly string[], prefix = ''): true | string {
  return violations.length === 0 ? true : prefix + violations.join('; ');
}

/** A scenario parameter out of range or unknown. */
export class ScenarioParamError extends KernelSimError {
  constructor(
    /** Scenario id. */
    readonly scenario: string,
    /** Parameter name. */
    readonly param: string,
    /** Why it is refused. */
    readonly reason: string,
  ) {
    super(`scenario '${scenario}': parameter '${param}' ${reason}`);
  }
}

/** One registry entry: a finding's (or target's) reproduction, audited and fixed. */
export interface ScenarioEntry {
  /** e.g. 'alo-01', 'target-08'. */
  readonly id: string;
  /** Finding IDs reproduced (empty for Target-only scenarios). */
  readonly findings: readonly string[];
  /** One line. */
  readonly title: string;
  /** What runs on which CPUs, what the audited code does, what is expected. */
  readonly description: string;
  /** Numeric parameters, e.g. `cpus`. */
  readonly params?: ParamSpecs;
  /** The scenario; its name is `${id}/${variant}` plus `/k=v` for non-default parameters. */
  build(variant: ScenarioVariant, params?: Readonly<Record<string, number>>): Scenario;
  /** What exhaustive exploration (DFS, preemption bound 2) finds on each variant. */
  readonly expect: { readonly audited: readonly FailureKind[]; readonly fixed: 'clean' };
}

/** What a scenario file gives {@link defineScenario}. */
export interface ScenarioDef extends Omit<ScenarioEntry, 'build'> {
  /** Allow contexts to exit holding spin locks. */
  readonly allowLockLeaks?: boolean;
  /** Fills the world of one run. */
  setup(w: World, variant: ScenarioVariant, params: Readonly<Record<string, number>>): void;
}

/** Builds a registry entry: parameter defaults and range checks, naming. */
export function defineScenario(def: ScenarioDef): ScenarioEntry {
  const { setup, allowLockLeaks, ...entry } = def;
  return {
    ...entry,
    build(variant: ScenarioVariant, params: Readonly<Record<string, number>> = {}): Scenario {
      if (variant !== 'audited' && variant !== 'fixed') throw new ScenarioParamError(def.id, 'variant', `is '${String(variant)}', expected 'audited' or 'fixed'`);
      const values = resolveParams(def.id, def.params, params);
      const scenario: Scenario = {
        name: scenarioName(def.id, variant, def.params, values),
        setup: (w) => setup(w, variant, values),
      };
      return allowLockLeaks ? { ...scenario, allowLockLeaks: true } : scenario;
    },
  };
}

function resolveParams(id: string, specs: ParamSpecs | undefined, given: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(given)) {
    if (!specs || !(k in specs)) throw new ScenarioParamError(id, k, `is unknown (known: ${specs ? Object.keys(specs).join(', ') : 'none'})`);
  }
  if (specs) {
    for (const [k, spec] of Object.entries(specs)) {
      const v = k in given ? given[k]! : spec.default;
      if (!Number.isInteger(v) || v < spec.min || v > spec.max) throw new ScenarioParamError(id, k, `is ${v}, expected an integer in ${spec.min}..${spec.max}`);
      out[k] = v;
    }
  }
  return out;
}
