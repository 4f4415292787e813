/**
 * The part of sweep/ that notebooks import: loading results, Wilson intervals, planning a
 * sweep file and running one of its jobs in the notebook's own process. Nothing here starts
 * threads or reads `import.meta` (tslab compiles cells' imports to CommonJS).
 * @module
 */
export { loadSweepResults, RESULT_FILES, type SweepTables } from './results/load.js';
export { readParquetTable } from './results/parquet.js';
export { sweepSummary, type SummaryRow } from './results/summary.js';
export { lockOrderCycles, mergeLockEdges, type LockCycleFinding } from './results/lock-cycles.js';
export { wilsonInterval, type Interval } from './results/wilson.js';
export { planSweep, readSweepFile, type SweepPlan } from './plan/sweep-file.js';
export { runJob } from './run/run-job.js';
export { jobRow } from './results/columns.js';
export { IMPLEMENTATION_COLUMNS, NONDETERMINISTIC_COLUMNS, type JobResult } from './run/result.js';
