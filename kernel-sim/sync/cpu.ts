/**
 * A simulated CPU: its interrupt flag (IF) and its stack of execution contexts, the thread at
 * the bottom and nested interrupt handlers above it. Only the top of the stack can run; the
 * contexts below it are suspended until the handlers above them return.
 *
 * Simplification: one thread per CPU (kernel code holding spin locks is not preemptible, so a
 * second thread on the same CPU adds nothing to the lock scenarios the audit describes).
 * @module
 */
import type { SimThread } from './thread.js';

/** One simulated CPU. */
export class Cpu {
  /** The interrupt flag: true when maskable interrupts may be delivered. */
  interruptsEnabled = true;
  /** Contexts on this CPU: `[thread, handler, nested handler, ...]`; the last one runs. */
  readonly stack: SimThread[] = [];

  constructor(
    /** The CPU's index in its world (0-based); schedule strings name CPUs by it. */
    readonly index: number,
  ) {}

  /** The context that runs next on this CPU, or null when it has none. */
  top(): SimThread | null {
    const s = this.stack;
    return s.length === 0 ? null : s[s.length - 1]!;
  }
}
