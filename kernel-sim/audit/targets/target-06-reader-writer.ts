/**
 * Verification Target 6 (memory safety of VmReader and VmWriter) as a report over the steps of
 * a run: monotonic range reduction, cursor boundary and memory access confinement. The checks
 * themselves are mm/io's (`readerWriterStepProblems`); this gathers them per property.
 * @module
 */
import { recordReaderWriterSteps, readerWriterStepProblems, type IoOptions, type ReaderWriterStep, type Target6Property } from '../../mm/io/index.js';
import { property, targetReport, type TargetReport } from './property-result.js';

const PROPERTIES: readonly Target6Property[] = ['monotonic range reduction', 'cursor boundary', 'memory access confinement'];

/** Checks every step of a recorded run against the three properties of Target 6. */
export function checkReaderWriterSteps(steps: readonly ReaderWriterStep[]): TargetReport {
  const found = new Map<Target6Property, string[]>(PROPERTIES.map((p) => [p, []]));
  for (const step of steps) for (const p of readerWriterStepProblems(step)) found.get(p.property)!.push(p.detail);
  const notes = [`${steps.length} reader/writer steps checked`];
  return targetReport(6, PROPERTIES.map((p) => property(p, found.get(p)!, notes)));
}

/**
 * Runs `run` with options that record every reader/writer step (pass them to the readers,
 * writers and VmIo objects it makes), then checks the steps. Checking mode stays off so that
 * every violation is gathered rather than the first thrown.
 */
export function checkReaderWriterRun(run: (options: IoOptions) => void, base: IoOptions = {}): TargetReport {
  const rec = recordReaderWriterSteps();
  run({ ...base, check: false, onStep: rec.onStep });
  return checkReaderWriterSteps(rec.steps);
}
