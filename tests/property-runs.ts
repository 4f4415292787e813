/**
 * How many runs a slow property gets: its full count under `npm run test:long` (the `long`
 * project, which also takes the files listed in vitest.config.ts's LONG_PROPERTIES), a smaller
 * one under `npm test`. Runs are counted, never timed.
 */
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** True in the `long` project. */
    fullPropertyRuns: boolean;
  }
}

/** `full` runs in the long project, `quick` in the unit project. */
export function propertyRuns(quick: number, full: number): number {
  return inject('fullPropertyRuns') ? full : quick;
}
