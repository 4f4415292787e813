/**
 * Linux's fragmentation measures over a buddyinfo row, with the integer arithmetic of
 * mm/vmstat.c (`fill_contig_page_info`, `unusable_free_index`, `__fragmentation_index`,
 * `extfrag_for_order`). Counts are exact JS integers here (below 2^53), standing in for C's u64.
 * @module
 */
import { KernelSimError } from '../util/errors.js';

/** `struct contig_page_info`: the free-page totals seen from one requested order. */
export interface ContigPageInfo {
  readonly freePages: number;
  readonly freeBlocksTotal: number;
  /** Free blocks of the requested order (larger blocks counted as several). */
  readonly freeBlocksSuitable: number;
}

/** An order outside a buddyinfo row, or a malformed row. */
export class FragmentationInputError extends KernelSimError {
  constructor(readonly fn: string, readonly value: number, readonly reason: string) {
    super(`${fn}: ${value}: ${reason}`);
  }
}

/**
 * `fill_contig_page_info`: totals of the free blocks `counts` (counts[k] = free blocks of order k)
 * seen from `suitableOrder`.
 */
export function contigPageInfo(counts: readonly number[], suitableOrder: number): ContigPageInfo {
  checkOrder('contigPageInfo', suitableOrder);
  let freePages = 0;
  let freeBlocksTotal = 0;
  let freeBlocksSuitable = 0;
  counts.forEach((blocks, order) => {
    if (!Number.isInteger(blocks) || blocks < 0) throw new FragmentationInputError('contigPageInfo', blocks, `order ${order}: a block count must be a non-negative integer`);
    freeBlocksTotal += blocks;
    freePages += blocks * 2 ** order;
    if (order >= suitableOrder) freeBlocksSuitable += blocks * 2 ** (order - suitableOrder);
  });
  return { freePages, freeBlocksTotal, freeBlocksSuitable };
}

/**
 * `unusable_free_index`: the share of free pages, in thousandths, that cannot serve an
 * allocation of `order` (1000 when nothing is free).
 */
export function unusableFreeIndex(counts: readonly number[], order: number): number {
  const info = contigPageInfo(counts, order);
  if (info.freePages === 0) return 1000;
  return Math.floor(((info.freePages - info.freeBlocksSuitable * 2 ** order) * 1000) / info.freePages);
}

/**
 * `__fragmentation_index` (extfrag_index): -1000 when an allocation of `order` would succeed;
 * otherwise near 0 when it fails for lack of memory and near 1000 when for fragmentation.
 * Orders beyond the row give 0 (Linux WARNs and returns 0 past MAX_PAGE_ORDER).
 */
export function fragmentationIndex(counts: readonly number[], order: number): number {
  if (order > counts.length - 1) return 0;
  const info = contigPageInfo(counts, order);
  if (info.freeBlocksTotal === 0) return 0;
  if (info.freeBlocksSuitable > 0) return -1000;
  const requested = 2 ** order;
  return 1000 - Math.floor((1000 + Math.floor((info.freePages * 1000) / requested)) / info.freeBlocksTotal);
}

/**
 * {@link unusableFreeIndex} and {@link fragmentationIndex} of every order of the row at once, in
 * one pass (a sampler takes them all at every sample): the free blocks suitable for order k are
 * those of order k plus twice those suitable for k + 1.
 */
export function fragmentationIndices(counts: readonly number[]): { readonly unusable: number[]; readonly extfrag: number[] } {
  let freePages = 0;
  let freeBlocksTotal = 0;
  counts.forEach((blocks, order) => {
    if (!Number.isInteger(blocks) || blocks < 0) throw new FragmentationInputError('fragmentationIndices', blocks, `order ${order}: a block count must be a non-negative integer`);
    freeBlocksTotal += blocks;
    freePages += blocks * 2 ** order;
  });
  const n = counts.length;
  const unusable = new Array<number>(n);
  const extfrag = new Array<number>(n);
  let suitable = 0;
  for (let order = n - 1; order >= 0; order--) {
    suitable = counts[order]! + 2 * suitable;
    const requested = 2 ** order;
    unusable[order] = freePages === 0 ? 1000 : Math.floor(((freePages - suitable * requested) * 1000) / freePages);
    extfrag[order] =
      freeBlocksTotal === 0 ? 0 : suitable > 0 ? -1000 : 1000 - Math.floor((1000 + Math.floor((freePages * 1000) / requested)) / freeBlocksTotal);
  }
  return { unusable, extfrag };
}

/** `extfrag_for_order`: the percentage form of the unusable index (0 when nothing is free). */
export function extfragForOrder(counts: readonly number[], order: number): number {
  const info = contigPageInfo(counts, order);
  if (info.freePages === 0) return 0;
  return Math.floor(((info.freePages - info.freeBlocksSuitable * 2 ** order) * 100) / info.freePages);
}

/** Formats thousandths as Linux prints them (`%d.%03d`, e.g. -1000 as "-1.000"). */
export function formatThousandths(v: number): string {
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  return `${sign}${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, '0')}`;
}

function checkOrder(fn: string, order: number): void {
  if (!Number.isInteger(order) || order < 0 || order > 52) throw new FragmentationInputError(fn, order, 'an order must be an integer in 0..52');
}
