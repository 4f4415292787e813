/**
 * Runs the stress workloads: each for `ops` operations per seed, a checkpoint every
 * `checkEvery` operations and at the end, stopping a run at its first detection. A detection
 * says which check caught it: a verification target (checking mode), a built-in sweep, the
 * stale-TLB detector, a cost counter, the workload's reference model, a kernel panic or an
 * unexpected error.
 * @module
 */
import { NO_BUGS, type BugSet } from '../../bugs/index.js';
import { FreeListCorruption } from '../../mm/frame/index.js';
import { Target6Violation } from '../../mm/io/index.js';
import { InvariantViolation } from '../../mm/page/index.js';
import { StaleTranslationError } from '../../mm/vm-space/index.js';
import { KernelPanic, KernelSimError } from '../../util/errors.js';
import { SeededRng } from '../../util/seeded-rng.js';
import { allocatorWorkload } from './allocator-workload.js';
import { bootWorkload } from './boot-workload.js';
import { dmaInitWorkload } from './dma-init-workload.js';
import { dmaWorkload } from './dma-workload.js';
import { framesWorkload } from './frames-workload.js';
import { heapWorkload } from './heap-workload.js';
import { pageTableKernelWorkload, pageTableUserWorkload } from './page-table-workload.js';
import { vmSpaceWorkload } from './vm-space-workload.js';
import { BuiltinCheckFailed, CostCounterExceeded, ModelMismatch, type StressWorkload } from './workload.js';

/** Every stress workload, in a fixed order. */
export const STRESS_WORKLOADS: readonly StressWorkload[] = [
  allocatorWorkload,
  framesWorkload,
  pageTableUserWorkload,
  pageTableKernelWorkload,
  vmSpaceWorkload(false),
  vmSpaceWorkload(true),
  heapWorkload,
  dmaWorkload,
];

/**
 * Workloads whose every operation brings a machine up from scratch (a boot, an `iommu::init`):
 * run by name and by the detection matrix, not by default.
 */
export const BRING_UP_WORKLOADS: readonly StressWorkload[] = [bootWorkload, dmaInitWorkload];

/** Every workload, by name. */
export const ALL_WORKLOADS: readonly StressWorkload[] = [...STRESS_WORKLOADS, ...BRING_UP_WORKLOADS];

/** Options of {@link runStress}. */
export interface StressOptions {
  /** Operations per workload and seed (default 2,000). */
  readonly ops?: number;
  /** Seeds (default [1]). */
  readonly seeds?: readonly number[];
  /** Audited behaviours (default none: a detection is then a violation of the fixed model). */
  readonly bugs?: BugSet;
  /** Workload names to run, of {@link ALL_WORKLOADS} (default {@link STRESS_WORKLOADS}). */
  readonly workloads?: readonly string[];
  /** Operations between checkpoints (default 250). */
  readonly checkEvery?: number;
  /** Called after each run (workload x seed), e.g. to append it to a log of a long run. */
  readonly onRun?: (run: RunRecord) => void;
  /** Told the runs done and the total (workloads x seeds), for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One finished run, as {@link StressOptions.onRun} gets it. */
export interface RunRecord {
  readonly workload: string;
  readonly seed: number;
  readonly ops: number;
  readonly detection: Detection | null;
  /** CPU time of the run (user + system), in milliseconds. */
  readonly cpuMs: number;
}

/** Which kind of check caught a detection. */
export type CheckKind = 'target' | 'builtin' | 'stale-tlb' | 'counter' | 'model' | 'panic' | 'error';

/** One run's first detection. */
export interface Detection {
  readonly workload: string;
  readonly seed: number;
  /** Operations run before it (the one that failed included). */
  readonly ops: number;
  readonly kind: CheckKind;
  /** The check, e.g. `Target 5`, `reference model (frames)`, `stale-TLB detector`. */
  readonly caughtBy: string;
  readonly message: string;
}

/** What a stress run did. */
export interface StressReport {
  readonly bugs: readonly string[];
  readonly seeds: readonly number[];
  /** Operations run in all. */
  readonly ops: number;
  /** Runs (workload x seed). */
  readonly runs: number;
  /** Operations per workload. */
  readonly opsByWorkload: Readonly<Record<string, number>>;
  /** Every run's first detection. */
  readonly detections: readonly Detection[];
}

/** Names the check that threw `e`. */
export function classifyDetection(e: unknown, workload: string): { kind: CheckKind; caughtBy: string } {
  if (e instanceof InvariantViolation) return { kind: 'target', caughtBy: `Target ${e.target}` };
  if (e instanceof Target6Violation) return { kind: 'target', caughtBy: 'Target 6' };
  if (e instanceof StaleTranslationError) return { kind: 'stale-tlb', caughtBy: 'stale-TLB detector' };
  if (e instanceof BuiltinCheckFailed) return { kind: 'builtin', caughtBy: e.check };
  if (e instanceof CostCounterExceeded) return { kind: 'counter', caughtBy: `counter: ${e.counter}` };
  if (e instanceof ModelMismatch) return { kind: 'model', caughtBy: `reference model (${e.workload})` };
  if (e instanceof KernelPanic) return { kind: 'panic', caughtBy: 'kernel panic' };
  if (e instanceof FreeListCorruption) return { kind: 'builtin', caughtBy: 'buddy free-list check' };
  // Any other typed error is one the reference model does not expect for these operations.
  if (e instanceof KernelSimError) return { kind: 'model', caughtBy: `reference model (${workload}): unexpected ${e.name}` };
  return { kind: 'error', caughtBy: `untyped error: ${e instanceof Error ? e.name : typeof e}` };
}

/** Runs one workload for one seed; returns its detection or null, and the operations run. */
export function runWorkload(w: StressWorkload, seed: number, ops: number, bugs: BugSet = NO_BUGS, checkEvery = 250): { ops: number; detection: Detection | null } {
  const rng = new SeededRng(seed);
  let done = 0;
  // The workloads provoke refusals by the thousand (segmentation faults, use after drop, ...);
  // a detection keeps only its message, so the errors skip their stack traces.
  const traceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const run = w.start(bugs, rng);
    while (done < ops) {
      done++;
      run.step();
      if (done % checkEvery === 0 || done === ops) run.checkpoint();
    }
    return { ops: done, detection: null };
  } catch (e) {
    const c = classifyDetection(e, w.name);
    return { ops: done, detection: { workload: w.name, seed, ops: done, ...c, message: e instanceof Error ? e.message : String(e) } };
  } finally {
    Error.stackTraceLimit = traceLimit;
  }
}

/** Runs the chosen workloads for every seed. */
export function runStress(opts: StressOptions = {}): StressReport {
  const ops = opts.ops ?? 2_000;
  const seeds = opts.seeds ?? [1];
  const bugs = opts.bugs ?? NO_BUGS;
  const chosen = opts.workloads === undefined ? STRESS_WORKLOADS : ALL_WORKLOADS.filter((w) => opts.workloads!.includes(w.name));
  const byWorkload: Record<string, number> = {};
  const detections: Detection[] = [];
  let total = 0;
  let runs = 0;
  // Seeds outer, workloads inner: a long run stopped early has covered every workload.
  for (const seed of seeds) {
    for (const w of chosen) {
      const cpu0 = process.cpuUsage();
      const r = runWorkload(w, seed, ops, bugs, opts.checkEvery);
      const cpu = process.cpuUsage(cpu0);
      opts.onRun?.({ workload: w.name, seed, ops: r.ops, detection: r.detection, cpuMs: (cpu.user + cpu.system) / 1000 });
      total += r.ops;
      runs++;
      byWorkload[w.name] = (byWorkload[w.name] ?? 0) + r.ops;
      if (r.detection !== null) detections.push(r.detection);
      opts.onProgress?.(runs, seeds.length * chosen.length);
    }
  }
  return { bugs: [...bugs], seeds, ops: total, runs, opsByWorkload: byWorkload, detections };
}
