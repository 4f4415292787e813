/**
 * Experiments at scale. A sweep file names a grid of jobs (workload runs, exploration shards,
 * parser fuzzing batches); each job has a stable ID, a hash of its canonical parameters, and
 * gives the same result wherever it runs. Jobs run on a worker-thread pool on every core
 * (piscina), or through a BullMQ queue on Redis on any number of machines, into a results folder
 * that resumes where it stopped; the results are two Parquet tables, jobs and series, that
 * {@link loadSweepResults} reads back as arquero tables.
 *
 * ```ts
 * const plan = readSweepFile('sweeps/alo02.json', packageRoot());
 * const store = ResultsStore.open('sweep-results/alo02', plan, packageVersion());
 * await runSweep(plan, store, localExecutor(packageRoot()));
 * const { jobs, series } = loadSweepResults('sweep-results/alo02');
 * ```
 * Simplifications: an exploration shard keeps counts and five failing schedules, not traces
 * (replay any schedule for its trace). Lock-class cycles are checked on the union of the shards'
 * lock-order graphs when the results are gathered ({@link lockOrderCycles}), not inside a shard.
 * @module
 */
export * from './errors.js';
export * from '../util/package-root.js';
export * from './plan/canonical.js';
export * from './plan/grid.js';
export * from './plan/job.js';
export * from './plan/sweep-file.js';
export * from './fuzz/mutate.js';
export * from './fuzz/parser-fuzz.js';
export * from './run/result.js';
export * from './run/run-job.js';
export * from './run/explore-shard.js';
export * from './results/columns.js';
export * from './results/parquet.js';
export * from './results/load.js';
export * from './results/store.js';
export * from './results/summary.js';
export * from './results/lock-cycles.js';
export * from './pool/local-pool.js';
export * from './run-sweep.js';
export * from './queue/connection.js';
export * from './queue/queue-executor.js';
export * from './queue/queue-worker.js';
export * from './results/wilson.js';
