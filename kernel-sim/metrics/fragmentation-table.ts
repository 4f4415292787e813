/**
 * Per-order fragmentation measures of one buddyinfo row, as an arquero table.
 * @module
 */
import * as aq from 'arquero';
import { extfragForOrder, fragmentationIndex, unusableFreeIndex } from './contig-page-info.js';

/**
 * One row per order: order, free_blocks, unusable_index and extfrag_index (thousandths, as
 * mm/vmstat.c computes them), extfrag_pct (`extfrag_for_order`).
 */
export function fragmentationTable(counts: readonly number[]): aq.ColumnTable {
  const orders = counts.map((_, k) => k);
  return aq.table({
    order: orders,
    free_blocks: [...counts],
    unusable_index: orders.map((k) => unusableFreeIndex(counts, k)),
    extfrag_index: orders.map((k) => fragmentationIndex(counts, k)),
    extfrag_pct: orders.map((k) => extfragForOrder(counts, k)),
  });
}
