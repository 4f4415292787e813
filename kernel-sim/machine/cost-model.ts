/**
 * Simulated cycle costs of translation and invalidation, so flush strategies can be compared
 * (per-page INVLPG vs full flush, IPI shootdowns). Constants assume a 3 GHz core. Each is either
 * sourced (shared/reference/hardware-and-metrics.md section given) or marked as an assumption.
 * The collateral cost of a flush is not a constant: it shows up as later misses and walks.
 * @module
 */

/** Cycle costs; all fields in simulated cycles. */
export interface CostModel {
  /** An L1 dTLB hit (overlapped with the load in hardware; 1 so hits are counted). [assumption] */
  readonly l1Hit: number;
  /** An L1 miss that hits the STLB: about 9 cycles on recent Intel cores. [assumption, commonly quoted] */
  readonly stlbHit: number;
  /**
   * One paging-structure entry read by the walker. Walks hit the data caches; 25 cycles is an
   * L2-hit-like latency. No paging-structure caches are modelled, so a 4-level walk costs 4x this.
   * [assumption]
   */
  readonly walkLevel: number;
  /** Raising a page fault to the OS (exception entry). [assumption] */
  readonly pageFault: number;
  /** One INVLPG: "about 100 ns" (Linux arch/x86/mm/tlb.c comment, §2.6/§2.7) = 300 cycles at 3 GHz. */
  readonly invlpg: number;
  /** INVPCID type 0 (one address): as INVLPG. [assumption] */
  readonly invpcidAddress: number;
  /** INVPCID types 1-3 and a flushing MOV to CR3. [assumption] */
  readonly contextFlush: number;
  /** Flushing everything including globals (CR4.PGE toggle, INVPCID type 2). [assumption] */
  readonly globalFlush: number;
  /** MOV to CR3 with the no-flush bit. [assumption] */
  readonly cr3NoFlush: number;
  /**
   * Initiator's fixed cost of a shootdown: "~1 us base" (§2.7, secondary source [sec/unconf]) = 3000 cycles.
   */
  readonly ipiBase: number;
  /** Initiator's extra cost per receiving CPU: "~200 ns per receiver" (§2.7 [sec/unconf]) = 600 cycles. */
  readonly ipiPerTarget: number;
  /** A receiver's interrupt entry and exit around its flush. [assumption] */
  readonly ipiReceive: number;
}

/** The default costs (see each field for its source). */
export const DEFAULT_COST_MODEL: CostModel = Object.freeze({
  l1Hit: 1,
  stlbHit: 9,
  walkLevel: 25,
  pageFault: 1000,
  invlpg: 300,
  invpcidAddress: 300,
  contextFlush: 500,
  globalFlush: 1000,
  cr3NoFlush: 50,
  ipiBase: 3000,
  ipiPerTarget: 600,
  ipiReceive: 1000,
});
