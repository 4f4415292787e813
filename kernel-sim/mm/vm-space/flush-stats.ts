/**
 * Accumulated flush work of a VmSpace over all CPUs it flushed.
 * @module
 */
import type { FlushReport } from '../tlb/index.js';

/** Flush work, summed. */
export interface FlushStats {
  /** Flush calls per CPU. */
  calls: number;
  invlpgs: number;
  fullFlushes: number;
  cycles: number;
}

/** Zeroed stats. */
export function newFlushStats(): FlushStats {
  return { calls: 0, invlpgs: 0, fullFlushes: 0, cycles: 0 };
}

/** Adds `r` to `s` (and to `also`, when given). */
export function addFlush(s: FlushStats, r: FlushReport, also?: FlushStats): void {
  for (const t of also === undefined ? [s] : [s, also]) {
    t.calls++;
    t.invlpgs += r.invlpgs;
    t.fullFlushes += r.fullFlushes;
    t.cycles += r.cycles;
  }
}
