/**
 * How a long workload reports how far it got, for a front end's progress bar. Called every
 * {@link PROGRESS_EVERY} steps and at the last; never changes the run.
 * @module
 */

/** Told the steps done and the total. */
export type OnProgress = (done: number, total: number) => void;

/** Steps between two progress calls (a power of two: a mask test in the step loop). */
export const PROGRESS_EVERY = 1024;

/** Calls `onProgress` when `step` is a multiple of {@link PROGRESS_EVERY} or the last of `total`. */
export function reportProgress(onProgress: OnProgress | undefined, step: number, total: number): void {
  if (onProgress !== undefined && ((step & (PROGRESS_EVERY - 1)) === 0 || step === total)) onProgress(step, total);
}
