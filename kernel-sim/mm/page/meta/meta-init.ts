/**
 * `meta::init` (FG4.3.2) at 232e62b:
 * 1. `MAX_PADDR` from the memory regions ({@link computeMaxPaddr}; MPA-01 selects the audited
 *    all-regions formula);
 * 2. `alloc_meta_pages(n)`, n = ceil(MAX_PADDR / 4096 * 16 / 4096): ONE contiguous request
 *    `FRAME_ALLOCATOR.alloc(n).unwrap()` (the buddy rounds it up to a power of two; with RTL-01 the tail
 *    stays allocated and unused), zeroed through the linear map;
 * 3. maps each page at `page_to_meta(0) + i * PAGE_SIZE` in the boot page table (not modelled
 *    in this slice: there are no page tables yet; the slots are kept in typed arrays);
 * 4. each page becomes `Page::<MetaPageMeta>::from_unused(paddr).into_raw()`: usage Meta,
 *    ref_count 1, one forgotten handle (written in bulk, equal to the per-page calls:
 *    bulk-into-raw.ts).
 *
 * MEA-01 (optimization, acknowledged): 232e62b returns the pages as a `Vec<Paddr>` and then a
 * `Vec<Range<Paddr>>` with one one-page range per metadata page. With MEA-01 selected the model
 * builds those per-page lists; by default it returns the single `Range<Paddr>` the audit
 * recommends. `resultHeapBytes` gives the heap the vectors would take (8 bytes per Paddr,
 * 16 per Range), the finding's cost.
 * @module
 */
import type { MemoryRegion } from '../../../boot/index.js';
import { type BugSet, NO_BUGS } from '../../../bugs/index.js';
import { hex, PAGE_SIZE } from '../../../machine/index.js';
import { KernelPanic } from '../../../util/errors.js';
import { ceilLog2, type FrameAllocator } from '../../frame/index.js';
import { PageSystem } from '../page-system.js';
import { fromUnusedIntoRawRange } from './bulk-into-raw.js';
import { MAX_META_MAPPED_PADDR } from './mapping.js';
import { computeMaxPaddr, metaPageCount } from './max-paddr.js';
import { MetaStore } from './meta-store.js';
import { META_SLOT_SIZE } from './slot-layout.js';
import { MetaPageMeta } from './usage-metas.js';

/** A physical address range [start, end). */
export interface PaddrRange {
  readonly start: number;
  readonly end: number;
}

/** Options of {@link metaInit}. */
export interface MetaInitOptions {
  /** Audited behaviours: MPA-01 (MAX_PADDR over all regions), MEA-01 (per-page result vectors). */
  readonly bugs?: BugSet;
  /** Checking mode for the page system made here. */
  readonly check?: boolean;
}

/** What `meta::init` did. */
export interface MetaInitResult {
  /** The page layer, ready: metadata exists for every frame below MAX_PADDR. */
  readonly system: PageSystem;
  /** `MAX_PADDR`. */
  readonly maxPaddr: number;
  /** Number of metadata pages, FG4.3.2's n. */
  readonly metaPages: number;
  /** First frame of the metadata pages. */
  readonly metaStartFrame: number;
  /** Frames the buddy allocated beyond n (power-of-two rounding), never used: with RTL-01; fixed, 0 (returned). */
  readonly roundingTailFrames: number;
  /** The returned ranges: one per page with MEA-01, else one range. */
  readonly ranges: readonly PaddrRange[];
  /** Heap bytes of the result vectors: 24 per page with MEA-01 (Vec<Paddr> + Vec<Range>), else 16. */
  readonly resultHeapBytes: number;
}

/**
 * Runs `meta::init` over `regions` with `frames` as `FRAME_ALLOCATOR`.
 * @throws KernelPanic when no region gives MAX_PADDR, the slots would not fit
 *   FRAME_METADATA_RANGE, or the allocator has no block for the metadata (`unwrap()` on None).
 */
export function metaInit(regions: readonly MemoryRegion[], frames: FrameAllocator, opts: MetaInitOptions = {}): MetaInitResult {
  const bugs = opts.bugs ?? NO_BUGS;
  const maxPaddr = computeMaxPaddr(regions, bugs);
  if (maxPaddr > MAX_META_MAPPED_PADDR) {
    throw new KernelPanic('meta::init', `MAX_PADDR ${hex(maxPaddr)} needs slots beyond FRAME_METADATA_CAP_VADDR (1 TiB of slots covers ${hex(MAX_META_MAPPED_PADDR)})`);
  }
  const n = metaPageCount(maxPaddr, META_SLOT_SIZE, PAGE_SIZE);
  if (n === 0) throw new KernelPanic('meta::init', `MAX_PADDR ${hex(maxPaddr)} is below one page: no metadata to allocate`);
  const seg = frames.allocContiguous(n, { zeroed: true });
  if (seg === null) {
    throw new KernelPanic('meta::init', `FRAME_ALLOCATOR.alloc(${n}) returned None for the metadata of MAX_PADDR ${hex(maxPaddr)} (unwrap)`);
  }
  const start = seg.start;
  const perPage = bugs.has('MEA-01');
  // alloc_meta_pages's Vec<Paddr> (audited only; fixed passes the range).
  const pagePaddrs: number[] = [];
  if (perPage) for (let i = 0; i < n; i++) pagePaddrs.push((start + i) * PAGE_SIZE);

  const store = new MetaStore(maxPaddr);
  store.setMetaPagesBase(start);
  const system = new PageSystem(store, frames, { bugs, check: opts.check });
  const ranges: PaddrRange[] = [];
  // Page::<MetaPageMeta>::from_unused(paddr).into_raw() for each page, in bulk.
  fromUnusedIntoRawRange(system, start, n, MetaPageMeta);
  if (perPage) for (let i = 0; i < n; i++) ranges.push({ start: (start + i) * PAGE_SIZE, end: (start + i + 1) * PAGE_SIZE });
  else ranges.push({ start: start * PAGE_SIZE, end: (start + n) * PAGE_SIZE });
  return {
    system,
    maxPaddr,
    metaPages: n,
    metaStartFrame: start,
    roundingTailFrames: bugs.has('RTL-01') ? 2 ** ceilLog2(n) - n : 0, // fixed RTL-01: the tail went back
    ranges,
    resultHeapBytes: perPage ? pagePaddrs.length * 8 + ranges.length * 16 : 16,
  };
}
