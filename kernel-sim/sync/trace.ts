/**
 * The trace of a run: one plain event per step (what the chosen context did), plus interrupt
 * entries, exits and the failure. Explorations run without recording; a failing run is
 * replayed with recording on, so traces cost nothing on the hot path.
 * @module
 */

/** What a trace event records. */
export type TraceKind =
  | 'start' | 'acquire' | 'release' | 'atomic' | 'irq-window' | 'spin'
  | 'irq-enter' | 'exit' | 'failure';

/** One event of a run. */
export interface TraceEvent {
  /** The scheduling step (0-based) it belongs to. */
  readonly step: number;
  /** CPU index. */
  readonly cpu: number;
  /** Name of the context (thread or interrupt handler). */
  readonly thread: string;
  /** Thread or interrupt handler. */
  readonly threadKind: 'thread' | 'irq';
  /** Nesting depth on the CPU (0 thread, 1 first handler, ...). */
  readonly depth: number;
  /** What happened. */
  readonly kind: TraceKind;
  /** The lock or atomic involved, if any. */
  readonly target: string | null;
  /** Extra detail (atomic op, IRQ vector, failure message, ...). */
  readonly detail: string | null;
}
