/**
 * What a flush did, read from the CPU's TLB counters and cost model before and after.
 * @module
 */
import type { CpuState } from '../../machine/index.js';

/** How a range flush was carried out. */
export type FlushStrategy = 'per-4k' | 'per-page' | 'full-excluding-global' | 'full-including-global' | 'none';

/** The outcome of one flush call on one CPU. */
export interface FlushReport {
  readonly strategy: FlushStrategy;
  /** INVLPG instructions executed. */
  readonly invlpgs: number;
  /** Full flushes (CR3 reload or CR4.PGE toggle) executed. */
  readonly fullFlushes: number;
  /** Simulated cycles charged to the CPU by the flush. */
  readonly cycles: number;
}

/** Counter snapshot taken before a flush. */
export interface FlushMark {
  readonly invlpg: number;
  readonly full: number;
  readonly cycles: number;
}

/** Snapshot of `cpu`'s flush counters. */
export function markFlush(cpu: CpuState): FlushMark {
  const s = cpu.tlb.stats;
  return { invlpg: s.flushes.invlpg, full: s.flushes.cr3 + s.flushes.cr4, cycles: s.cycles };
}

/** The report of what happened on `cpu` since `m`. */
export function reportSince(cpu: CpuState, m: FlushMark, strategy: FlushStrategy): FlushReport {
  const s = cpu.tlb.stats;
  return { strategy, invlpgs: s.flushes.invlpg - m.invlpg, fullFlushes: s.flushes.cr3 + s.flushes.cr4 - m.full, cycles: s.cycles - m.cycles };
}
