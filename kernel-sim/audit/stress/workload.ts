/**
 * What a stress workload is: a seeded source of random operations over one part of the model,
 * each checked against a plain reference model of its own (data, mappings, frame conservation),
 * with the model's built-in checks on (checking mode) and swept at checkpoints.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { KernelSimError } from '../../util/errors.js';
import type { SeededRng } from '../../util/seeded-rng.js';

/** One workload: a name, what it covers, and how to start a seeded run. */
export interface StressWorkload {
  /** Short name (`frames`, `page-table-user`, ...). */
  readonly name: string;
  /** What it exercises, one line. */
  readonly covers: string;
  /** A fresh run: its own kernel (or allocator), model and random source. */
  start(bugs: BugSet, rng: SeededRng): StressRun;
}

/** A running workload. */
export interface StressRun {
  /** One random operation, checked against the reference model. */
  step(): void;
  /** Whole-state comparison with the model, and the built-in sweeps (Targets 2-5, trees). */
  checkpoint(): void;
}

/**
 * A workload whose every operation brings a whole machine up (a boot, an `iommu::init`) and
 * checks it in full, so there is nothing left for a checkpoint.
 */
export function bringUpWorkload(name: string, covers: string, bringUp: (bugs: BugSet, rng: SeededRng) => void): StressWorkload {
  return {
    name,
    covers,
    start: (bugs, rng) => ({ step: () => bringUp(bugs, rng), checkpoint: () => {} }),
  };
}

/** The model disagrees with what the simulated kernel did. */
export class ModelMismatch extends KernelSimError {
  constructor(
    /** The workload whose reference model saw it. */
    readonly workload: string,
    /** What disagreed, with values. */
    readonly detail: string,
  ) {
    super(`${workload} reference model: ${detail}`);
  }
}

/**
 * A cost counter went past what the fixed code allows (a cost-only finding: the state stays
 * correct, the counter shows the cost).
 */
export class CostCounterExceeded extends KernelSimError {
  constructor(
    /** The counter, e.g. `invlpgs per range flush`. */
    readonly counter: string,
    readonly detail: string,
  ) {
    super(`cost counter ${counter}: ${detail}`);
  }
}

/** Throws a {@link ModelMismatch} for `workload` unless `ok`. */
export function expectModel(workload: string, ok: boolean, detail: () => string): void {
  if (!ok) throw new ModelMismatch(workload, detail());
}

/** Random bytes from `rng`. */
export function randomBytes(rng: SeededRng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rng.below(256);
  return b;
}

/** True when two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Calls `f` and returns what it threw (undefined when it returned). */
export function thrown(f: () => void): unknown {
  try {
    f();
    return undefined;
  } catch (e) {
    return e;
  }
}

/** A built-in whole-state check (tree sweep, heap check) found a problem at a checkpoint. */
export class BuiltinCheckFailed extends KernelSimError {
  constructor(
    /** The check, e.g. `page-table tree check`. */
    readonly check: string,
    readonly detail: string,
  ) {
    super(`${check}: ${detail}`);
  }
}

/** Throws a {@link BuiltinCheckFailed} for `check` when `problems` is not empty. */
export function expectClean(check: string, problems: readonly unknown[]): void {
  if (problems.length > 0) throw new BuiltinCheckFailed(check, problems.slice(0, 3).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('; '));
}
