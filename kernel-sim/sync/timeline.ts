/**
 * Per-CPU timeline rows of a run: the trace as plain JSON-able rows for charts (a lane per
 * CPU, a mark per step, handlers nested by depth, the failure last).
 * @module
 */
import type { Failure } from './failure.js';
import type { RunResult } from './explore.js';
import type { TraceEvent, TraceKind } from './trace.js';

/** One row of a timeline. */
export interface TimelineRow {
  /** Step index (the x axis). */
  step: number;
  /** CPU index (the lane). */
  cpu: number;
  /** `cpu N`: a ready-made lane label. */
  lane: string;
  /** The context's name. */
  thread: string;
  /** Thread or interrupt handler. */
  threadKind: 'thread' | 'irq';
  /** Nesting depth (0 thread, 1 handler, ...). */
  depth: number;
  /** What happened. */
  kind: TraceKind;
  /** Lock or atomic involved, or null. */
  lock: string | null;
  /** Extra detail, or null. */
  detail: string | null;
}

/** The rows of a trace, a replayed run or a failure. */
export function timelineRows(source: readonly TraceEvent[] | RunResult | Failure): TimelineRow[] {
  const trace: readonly TraceEvent[] = Array.isArray(source) ? source : (source as RunResult | Failure).trace;
  return trace.map((e) => ({
    step: e.step,
    cpu: e.cpu,
    lane: e.cpu >= 0 ? `cpu ${e.cpu}` : 'run',
    thread: e.thread,
    threadKind: e.threadKind,
    depth: e.depth,
    kind: e.kind,
    lock: e.target,
    detail: e.detail,
  }));
}
