/**
 * `tlb_flush_addr_range` (FG4.2.2) with MOM-02 as a switch.
 *
 * MOM-02 audited (232e62b): `range.step_by(PAGE_SIZE)` — one INVLPG per 4 KiB even where a
 * 2 MiB or 1 GiB page maps the range (512 INVLPGs for one 2 MiB page), with no upper bound.
 * Fixed: steps by the size of the page mapped at each address (`pageSizeAt`, 4 KiB when unknown)
 * and, past a ceiling of single-page flushes (Linux's `tlb_single_page_flush_ceiling`, 33), does
 * one full flush instead — including global entries when the range reaches the kernel half,
 * where mappings are global.
 * @module
 */
import type { CpuState } from '../../machine/index.js';
import { tlbFlushAddr, checkFlushVaddr, type TlbFlushOptions } from './flush-addr.js';
import { tlbFlushAllExcludingGlobal, tlbFlushAllIncludingGlobal } from './flush-all.js';
import { markFlush, reportSince, type FlushReport } from './flush-report.js';

/** Linux's default `tlb_single_page_flush_ceiling`. */
export const TLB_SINGLE_PAGE_FLUSH_CEILING = 33;

const PAGE = 4096n;
const KERNEL_HALF = 1n << 63n;

/** Options of {@link tlbFlushAddrRange}. */
export interface TlbRangeFlushOptions extends TlbFlushOptions {
  /** The page size mapped at `va` (bytes; 0 or absent = 4 KiB). Used by the fixed behaviour only. */
  readonly pageSizeAt?: (va: bigint) => number;
  /** Single-page flushes allowed before a full flush (fixed behaviour). Default 33. */
  readonly ceiling?: number;
}

/**
 * `tlb_flush_addr_range(range)` on `cpu`.
 * @throws KernelPanic / NonCanonicalVaddrError for an address the width check refuses (MOM-01).
 */
export function tlbFlushAddrRange(cpu: CpuState, range: { readonly start: bigint; readonly end: bigint }, opts: TlbRangeFlushOptions = {}): FlushReport {
  const m = markFlush(cpu);
  if (range.end <= range.start) return reportSince(cpu, m, 'none');
  if (opts.bugs !== undefined && opts.bugs.has('MOM-02')) {
    for (let va = range.start; va < range.end; va += PAGE) tlbFlushAddr(cpu, va, opts);
    return reportSince(cpu, m, 'per-4k');
  }
  const ceiling = opts.ceiling ?? TLB_SINGLE_PAGE_FLUSH_CEILING;
  const addrs: bigint[] = [];
  let huge = false;
  for (let va = range.start; va < range.end;) {
    if (addrs.length > ceiling) break;
    const size = BigInt(opts.pageSizeAt ? opts.pageSizeAt(va) || 4096 : 4096);
    if (size !== PAGE) huge = true;
    addrs.push(va);
    va = (va / size) * size + size; // next boundary of the page holding va
  }
  if (addrs.length > ceiling) {
    checkFlushVaddr(cpu, range.start, opts.bugs);
    checkFlushVaddr(cpu, range.end - 1n, opts.bugs);
    const r = range.end > KERNEL_HALF ? tlbFlushAllIncludingGlobal(cpu) : tlbFlushAllExcludingGlobal(cpu);
    return reportSince(cpu, m, r.strategy);
  }
  for (const va of addrs) tlbFlushAddr(cpu, va, opts);
  return reportSince(cpu, m, huge ? 'per-page' : 'per-4k');
}
