/**
 * The outcome of `VmSpace.protect`, stating what was done about a partial failure (SPA-01).
 * @module
 */
import type { FlushStats } from './flush-stats.js';

/** What happened after the page table refused part of a protect. */
export type ProtectRecovery = 'none' | 'rolled-back' | 'flushed';

/** `VmSpace.protect`'s result. */
export interface ProtectResult {
  /** True when every page in the range was protected. */
  readonly ok: boolean;
  /** The page-table error, when not ok. */
  readonly error?: Error;
  /**
   * After a failure: `'none'` (SPA-01 audited: changed entries stay and nothing is flushed),
   * `'rolled-back'` (entries restored, no flush needed) or `'flushed'` (changes kept, range flushed).
   */
  readonly recovery?: ProtectRecovery;
  /** Pages whose entry differs from before, as left. */
  readonly pagesChanged: number;
  /** The flush work done by this call (zeros when none). */
  readonly flush: FlushStats;
}
