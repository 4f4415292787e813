/**
 * `init_kernel_page_table` (seed FG4.14.1; 232e62b `mm/kspace.rs`): a new KernelMode page table
 * with shared level-3 nodes under root entries 256..512, the linear mapping of
 * `0..phys_mem_cap` (RW, write-back, global, huge where aligned), the frame metadata pages at
 * `FRAME_METADATA_BASE`, the I/O ranges uncacheable (KSP-02), the kernel image at
 * `KERNEL_CODE_BASE_VADDR` (RWX, one `KernelMeta` page per frame); then, on a CPU, activation
 * (CR3, flush including globals) and the boot page table's retirement. Returns what it mapped.
 *
 * Notes:
 * - The seed says "4KB pages" for the metadata; 232e62b calls `map_pa` per metadata range, which
 *   uses 2 MiB pages where aligned. The model follows the code: one range (MEA-01 fixed) gets huge
 *   pages, per-page ranges (MEA-01 audited) 4 KiB ones.
 * - MOL-01 (documented, not a switch): `make_shared_tables` passes
 *   `i < NR_PTES_PER_NODE * 3 / 4` as `set_child_pt`'s in-untracked-range flag; for a page-table
 *   child the flag changes nothing, so audited and fixed build the same table (see the test).
 * - KSP-01 acts through {@link kernelLayout} (option `addressWidth`); the layout defaults to 48 bits.
 * - `tlb_flush_all_including_global` is done by toggling CR4.PGE (the TLB flush API is elsewhere).
 * @module
 */
import type { MemoryRegion } from '../../boot/index.js';
import type { BugSet } from '../../bugs/index.js';
import { CR4_PGE, PAGE_SIZE, type CpuState, type PhysRange } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { KernelMeta, Page, type PaddrRange, type PageSystem } from '../page/index.js';
import {
  KernelMode, PageFlags, PageTable, PrivilegedPageFlags, formatProperty,
  type CachePolicy, type PageProperty, type PageTableContext,
} from '../page-table/index.js';
import type { BootPageTable } from '../page-table/boot-pt.js';
import { kernelLayout, type KernelLayout, type VaRange } from './layout.js';
import { mmioRanges } from './mmio.js';
import { mapPaPageCounts } from './page-count.js';

/** What the kernel page table is built from (a booted `Kernel` has these). */
export interface KspaceKernel {
  readonly regions: readonly MemoryRegion[];
  readonly pages: PageSystem;
  readonly bugs: BugSet;
}

/** Options of {@link initKernelPageTable}. */
export interface InitKernelPageTableOptions {
  /** The page-table layer to build in. */
  readonly ctx: PageTableContext;
  /** The CPU to activate the table on (then the boot page table is retired). */
  readonly cpu?: CpuState;
  /**
   * The `ADDRESS_WIDTH` the layout is computed for (default 48; the model's KernelMode keeps the
   * 48-bit range under 5-level paging too). 39 shows KSP-01 (audited: the layout collapses to 0
   * and the mapping is refused as outside KernelMode).
   */
  readonly addressWidth?: number;
}

/** The kinds of kernel mappings. */
export type MappingKind = 'linear' | 'metadata' | 'mmio' | 'kernel-code';

/** One mapped range. */
export interface MappedRange {
  readonly kind: MappingKind;
  readonly va: VaRange;
  readonly pa: PhysRange;
  readonly cache: CachePolicy;
  /** The property as text, e.g. `RW- -- Writeback GLOBAL`. */
  readonly prop: string;
  readonly pages4K: number;
  readonly pages2M: number;
}

/** What {@link initKernelPageTable} did. */
export interface KernelPageTableReport {
  readonly layout: KernelLayout;
  /** `phys_mem_cap`: the highest end of any memory region. */
  readonly physMemCap: number;
  /** Where the I/O ranges came from (KSP-02). */
  readonly mmioSource: 'fixed-window' | 'memory-map';
  readonly mapped: readonly MappedRange[];
  /** Page-table pages (nodes) allocated for the table, root included. */
  readonly pageTablePages: number;
  /** `pageTablePages * 4096`. */
  readonly pageTableBytes: number;
  /** True when the table was activated on a CPU and the boot page table retired. */
  readonly activated: boolean;
  /** Frames the retired boot page table gave back. */
  readonly bootFramesRetired: number;
}

/** The kernel page table and the report. */
export interface KernelPageTableResult {
  readonly pageTable: PageTable;
  readonly report: KernelPageTableReport;
}

const prop = (flags: number, cache: CachePolicy): PageProperty => ({ flags, cache, privFlags: PrivilegedPageFlags.GLOBAL });

/**
 * Builds the kernel page table.
 * @throws KernelPanic where 232e62b unwraps (no regions, no Kernel region, a map failure)
 * @throws AddressWidthError for paging constants of another width
 */
export function initKernelPageTable(kernel: KspaceKernel, bootPt: BootPageTable, metaPages: readonly PaddrRange[], opts: InitKernelPageTableOptions): KernelPageTableResult {
  const { ctx, cpu } = opts;
  const bugs = kernel.bugs;
  const layout = kernelLayout(opts.addressWidth ?? 48, bugs);
  if (kernel.regions.length === 0) throw new KernelPanic('init_kernel_page_table', 'memory_regions().iter().max().unwrap() on None');
  const physMemCap = kernel.regions.reduce((m, r) => Math.max(m, Number(r.base + r.len)), 0);
  const nodesBefore = ctx.stats.nodesAllocated - ctx.stats.nodesFreed;
  const mapped: MappedRange[] = [];
  const note = (kind: MappingKind, va: bigint, pa: PhysRange, p: PageProperty): void => {
    const c = mapPaPageCounts(va, pa.start, pa.end - pa.start);
    mapped.push({ kind, va: { start: va, end: va + BigInt(pa.end - pa.start) }, pa, cache: p.cache, prop: formatProperty(p), ...c });
  };

  const kpt = PageTable.empty(ctx, KernelMode);
  kpt.makeSharedTables(256, 512); // pte_index_max / 2 .. pte_index_max

  const lin = layout.linearMapping.start;
  const rw = prop(PageFlags.RW, 'Writeback');
  kpt.map({ start: lin, end: lin + BigInt(physMemCap) }, { start: 0, end: physMemCap }, rw);
  note('linear', lin, { start: 0, end: physMemCap }, rw);

  // page_to_meta(0) is FRAME_METADATA_BASE; the ranges follow each other in virtual space.
  const metaVa = layout.frameMetadata.start;
  const metaLen = metaPages.reduce((s, r) => s + (r.end - r.start), 0);
  const mc = kpt.cursorMut(metaVa, metaVa + BigInt(metaLen));
  try {
    let va = metaVa;
    for (const r of metaPages) {
      mc.mapPa(r, rw);
      note('metadata', va, r, rw);
      va += BigInt(r.end - r.start);
    }
  } finally {
    mc.drop();
  }

  const uc = prop(PageFlags.RW, 'Uncacheable');
  for (const r of mmioRanges(kernel.regions, bugs)) {
    kpt.map({ start: lin + BigInt(r.start), end: lin + BigInt(r.end) }, r, uc);
    note('mmio', lin + BigInt(r.start), r, uc);
  }

  const image = kernel.regions.find((r) => r.type === 'Kernel');
  if (image === undefined) throw new KernelPanic('init_kernel_page_table', 'no Kernel memory region (find(..).unwrap() on None)');
  const to = { start: Math.floor(Number(image.base) / PAGE_SIZE) * PAGE_SIZE, end: Math.ceil(Number(image.base + image.len) / PAGE_SIZE) * PAGE_SIZE };
  const off = layout.kernelCodeBase;
  const rwx = prop(PageFlags.RWX, 'Writeback');
  const kc = kpt.cursorMut(off + BigInt(to.start), off + BigInt(to.end));
  try {
    for (let pa = to.start; pa < to.end; pa += PAGE_SIZE) {
      const raw = Page.fromUnused(kernel.pages, pa, KernelMeta).intoRaw();
      kc.mapPa({ start: raw, end: raw + PAGE_SIZE }, rwx);
    }
  } finally {
    kc.drop();
  }
  mapped.push({ kind: 'kernel-code', va: { start: off + BigInt(to.start), end: off + BigInt(to.end) }, pa: to, cache: 'Writeback', prop: formatProperty(rwx), pages4K: (to.end - to.start) / PAGE_SIZE, pages2M: 0 });

  const pageTablePages = ctx.stats.nodesAllocated - ctx.stats.nodesFreed - nodesBefore;
  let bootFramesRetired = 0;
  if (cpu !== undefined) {
    cpu.writeCr3(BigInt(kpt.rootPaddr())); // first_activate_unchecked
    const cr4 = cpu.cr4;
    if (cr4 & CR4_PGE) {
      cpu.writeCr4(cr4 & ~CR4_PGE); // tlb_flush_all_including_global
      cpu.writeCr4(cr4);
    }
    bootFramesRetired = bootPt.frames.length;
    bootPt.retire();
  }
  return {
    pageTable: kpt,
    report: {
      layout, physMemCap, mmioSource: bugs.has('KSP-02') ? 'fixed-window' : 'memory-map', mapped,
      pageTablePages, pageTableBytes: pageTablePages * PAGE_SIZE, activated: cpu !== undefined, bootFramesRetired,
    },
  };
}
