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
  const { freePages, freeBlocksTotal } = rowTotals('contigPageInfo', counts);
  let freeBlocksSuitable = 0;
  for (let order = suitableOrder; order < counts.length; order++) freeBlocksSuitable += (counts[order] ?? 0) * 2 ** (order - suitableOrder);
  return { freePages, freeBlocksTotal, freeBlocksSuitable };
}

// The row's free pages and free blocks, its counts checked.
function rowTotals(fn: string, counts: readonly number[]): { freePages: number; freeBlocksTotal: number } {
  let freePages = 0;
  let freeBlocksTotal = 0;
  counts.forEach((blocks, order) => {
    if (!Number.isInteger(blocks) || blocks < 0) throw new FragmentationInputError(fn, blocks, `order ${order}: a block count must be a non-negative integer`);
    freeBlocksTotal += blocks;
    freePages += blocks * 2 ** order;
  });
  return { freePages, freeBlocksTotal };
}

// `unusable_free_index`'s arithmetic on a row's totals.
function unusableOf(info: ContigPageInfo, order: number): number {
  if (info.freePages === 0) return 1000;
  return Math.floor(((info.freePages - info.freeBlocksSuitable * 2 ** order) * 1000) / info.freePages);
}

// `__fragmentation_index`'s arithmetic on a row's totals (order within the row).
function extfragOf(info: ContigPageInfo, order: number): number {
  if (info.freeBlocksTotal === 0) return 0;
  if (info.freeBlocksSuitable > 0) return -1000;
  return 1000 - Math.floor((1000 + Math.floor((info.freePages * 1000) / 2 ** order)) / info.freeBlocksTotal);
}

/**
 * `unusable_free_index`: the share of free pages, in thousandths, that cannot serve an
 * allocation of `order` (1000 when nothing is free).
 */
export function unusableFreeIndex(counts: readonly number[], order: number): number {
  return unusableOf(contigPageInfo(counts, order), order);
}

/**
 * `__fragmentation_index` (extfrag_index): -1000 when an allocation of `order` would succeed;
 * otherwise near 0 when it fails for lack of memory and near 1000 when for fragmentation.
 * Orders beyond the row give 0 (Linux WARNs and returns 0 past MAX_PAGE_ORDER).
 */
export function fragmentationIndex(counts: readonly number[], order: number): number {
  if (order > counts.length - 1) return 0;
  return extfragOf(contigPageInfo(counts, order), order);
}

/**
 * {@link unusableFreeIndex} and {@link fragmentationIndex} of every order of the row at once, in
 * one pass (a sampler takes them all at every sample): the free blocks suitable for order k are
 * those of order k plus twice those suitable for k + 1.
 */
export function fragmentationIndices(counts: readonly number[]): { readonly unusable: number[]; readonly extfrag: number[] } {
  const { freePages, freeBlocksTotal } = rowTotals('fragmentationIndices', counts);
  const n = counts.length;
  const unusable = new Array<number>(n);
  const extfrag = new Array<number>(n);
  let freeBlocksSuitable = 0;
  for (let order = n - 1; order >= 0; order--) {
    freeBlocksSuitable = (counts[order] ?? 0) + 2 * freeBlocksSuitable;
    const info = { freePages, freeBlocksTotal, freeBlocksSuitable };
    unusable[order] = unusableOf(info, order);
    extfrag[order] = extfragOf(info, order);
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
