/**
 * The jobs a sweep expands into. A job's fields are its canonical parameters: everything that
 * decides its result and nothing else (no time limit, no paths of this machine), so its ID, a
 * hash of them, is the same wherever it is planned.
 * @module
 */

/** A workload file's run: boot the machine, run the churn, mapping or DMA workload. */
export interface WorkloadJob {
  readonly kind: 'workload';
  /** The memory map: relative to the package root when inside it, else absolute. */
  readonly machine: string;
  /** SHA-256 of the memory map's bytes (a worker refuses a file that differs). */
  readonly machineSha256: string;
  /** Finding IDs, upper case, sorted. */
  readonly bugs: readonly string[];
  readonly check: boolean;
  readonly kernelPageTable: 'none' | 'kspace';
  /** The workload as a workload file holds it (`kind` plus its spec). */
  readonly workload: Readonly<Record<string, unknown>> & { readonly kind: 'churn' | 'mapping' | 'dma' };
  /**
   * After the run, one FG2.2 `alloc(n)` of this share of the free frames (ALO-02 audited: one
   * contiguous block or nothing; fixed: falls back to several blocks). Absent: no probe.
   */
  readonly allocProbe?: number;
}

/** One shard of an exploration: a seed for random and PCT, a set of schedule-tree prefixes for DFS. */
export interface ExploreJob {
  readonly kind: 'explore';
  /** The scenario's registry id (`hep-01`). */
  readonly scenario: string;
  readonly variant: 'audited' | 'fixed';
  readonly params: Readonly<Record<string, number>>;
  readonly strategy: 'random' | 'pct' | 'dfs';
  /** random and PCT: the sweep's seed (each shard derives its own, see `shardSeed`). */
  readonly seed: number;
  /** PCT depth. */
  readonly depth: number;
  /** DFS preemption bound. */
  readonly bound: number;
  /** Runs of this shard (DFS: at most). */
  readonly runs: number;
  readonly shard: number;
  readonly shards: number;
  /** DFS: the depth at which the schedule tree is cut into prefixes dealt to the shards. */
  readonly splitDepth: number;
  readonly maxSteps: number;
  readonly spinBound: number;
}

/** Parsers a fuzz job can target. */
export const FUZZ_PARSERS = ['multiboot2', 'e820'] as const;
/** One of {@link FUZZ_PARSERS}. */
export type FuzzParser = (typeof FUZZ_PARSERS)[number];

/** A seeded batch of mutated inputs fed to a parser. */
export interface FuzzJob {
  readonly kind: 'fuzz';
  readonly parser: FuzzParser;
  readonly seed: number;
  /** Index of this batch. */
  readonly batch: number;
  /** Inputs in this batch. */
  readonly inputs: number;
  /** Mutations per input, at most. */
  readonly maxMutations: number;
}

/** Any job. */
export type Job = WorkloadJob | ExploreJob | FuzzJob;

/** A job with its ID and limit, as the planner hands it to an executor. */
export interface PlannedJob {
  /** Stable ID: a hash of the job's canonical parameters. */
  readonly id: string;
  readonly job: Job;
  /** Time limit in milliseconds: past it the job is a failed row. */
  readonly timeoutMs: number;
}

/** The seed of shard `shard` of a random or PCT exploration seeded `seed` (a 32-bit integer). */
export function shardSeed(seed: number, shard: number): number {
  return (Math.imul(shard, 0x9e3779b1) + seed) | 0;
}
