/**
 * `bootKernel`: the seed's Initialization Sequence (`aster_frame::init` at 232e62b) on an
 * emulated {@link Machine}, up to and including `page::allocator::init()` and
 * `mm::init_page_meta()` (`meta::init`). Later steps (`misc_init`, traps, the kernel page table)
 * come with their subsystems. Every step is recorded in the kernel's boot log.
 *
 * Input: a file path (an .mbi, an e820 boot log or a JSON region list), a parsed Multiboot2
 * information structure, or a region list taken as `boot::memory_regions()` as it stands.
 * @module
 */
import {
  checkMemoryRegions,
  initMemoryRegions,
  loadLayout,
  type MemoryLayout,
  type MemoryRegion,
  type MultibootInfo,
} from '../boot/index.js';
import { bugSet, type BugSet, NO_BUGS } from '../bugs/index.js';
import { BootLog, type BootLogEntry } from './boot-log.js';
import type { KernelStats } from './kernel-stats.js';
import { ramRangesOf } from './ram-ranges.js';
import { hex, Machine, PAGE_SIZE } from '../machine/index.js';
import { FrameAllocator } from '../mm/frame/index.js';
import { FrameHandleAllocator } from '../mm/handles/index.js';
import {
  InvariantViolation,
  META_SLOT_SIZE,
  metaInit,
  PageAllocator,
  pageStateViolations,
  type MetaInitResult,
  type MetaStore,
  type PageSystem,
  type TargetViolations,
} from '../mm/page/index.js';

export type { BootLogEntry } from './boot-log.js';
export type { KernelStats } from './kernel-stats.js';
export { isPhysicalRegionType, ramRangesOf } from './ram-ranges.js';

/** What {@link bootKernel} boots from. */
export type KernelInput = string | MultibootInfo | readonly MemoryRegion[];

/** Options of {@link bootKernel}. */
export interface BootOptions {
  /** Audited behaviours, as a BugSet or finding IDs (e.g. `['MPA-01', 'MOP-02']`). Default none. */
  readonly bugs?: BugSet | string | readonly string[];
  /**
   * Checking mode: Target 1 on the memory regions during boot (an {@link InvariantViolation}
   * when it fails), Target 2-5 checks after every page operation. Default false.
   */
  readonly check?: boolean;
}

/** A booted kernel: the machine, the memory regions, the allocators and the page metadata. */
export interface Kernel {
  readonly machine: Machine;
  /** `boot::memory_regions()`. */
  readonly regions: readonly MemoryRegion[];
  readonly bugs: BugSet;
  /** `FRAME_ALLOCATOR` and the frame-number API (FG2). */
  readonly frameAllocator: FrameAllocator;
  /** The page allocator: frames made pages through their metadata. */
  readonly pageAllocator: PageAllocator;
  /** Allocation as callers see it: Frame, Segment and FrameVec handles with VmIo. */
  readonly frames: FrameHandleAllocator;
  /** The page layer: metadata, ledger, checking mode. */
  readonly pages: PageSystem;
  /** The `MetaSlot[]` array. */
  readonly meta: MetaStore;
  /** `MAX_PADDR`. */
  readonly maxPaddr: number;
  /** What `meta::init` did. */
  readonly metaInit: MetaInitResult;
  /** The boot steps. */
  readonly bootLog: readonly BootLogEntry[];
  /** Memory figures. */
  stats(): KernelStats;
  /** Whole-state checks (Targets 2 and 5): every touched slot, the ledger and the free lists. */
  checkAll(): TargetViolations[];
}

/**
 * Boots the kernel model on `input`.
 * @throws the boot layer's typed errors for bad input (MultibootError, RegionListError, ...),
 *   KernelPanic where 232e62b would panic (no Usable region for MAX_PADDR, no block for the
 *   metadata), UnknownFindingError for a bad bug ID.
 */
export function bootKernel(input: KernelInput, opts: BootOptions = {}): Kernel {
  const bugs = toBugSet(opts.bugs);
  const log = new BootLog();
  log.add('boot.S / arch::before_all_init()', 'not modelled: the model starts after the boot loader, in long mode', { skipped: true });
  log.add('mm::heap_allocator::init()', 'not run by bootKernel: the heap is modelled in mm/heap (heapAllocatorInit, LockedHeapWithRescue with rescue, HEP-01/02/03) and started by its users', { skipped: true });

  const { regions, source, layout } = memoryRegionsOf(input, bugs);
  const t1 = checkTarget1(layout, opts.check === true);
  const machine = new Machine({ ram: ramRangesOf(regions) });
  log.add('boot::init()', `memory_regions: ${regions.length} regions from ${source}; machine RAM ${machine.ramBytes} bytes in ${machine.memory.ram.ranges.length} ranges (regions that are physical memory)${t1}`);

  const frameAllocator = FrameAllocator.init(regions, { bugs, memory: machine.memory });
  const buddy = frameAllocator.buddy;
  const pageAllocator = new PageAllocator(frameAllocator);
  log.add('mm::page::allocator::init()', `FrameAllocator<32> from ${buddy.addedSpans.length} Usable regions: ${buddy.total} frames (${buddy.total * PAGE_SIZE} bytes); pages cannot be allocated until meta::init`);

  const meta = metaInit(regions, frameAllocator, { bugs, check: opts.check });
  pageAllocator.attach(meta.system);
  const metaStart = meta.metaStartFrame * PAGE_SIZE;
  const metaEnd = metaStart + meta.metaPages * PAGE_SIZE;
  const risks: string[] = [];
  if (metaEnd > 2 ** 32) {
    risks.push(`metadata pages [${hex(metaStart)}, ${hex(metaEnd)}) lie above 4 GiB: at 232e62b alloc_meta_pages zeroes them through paddr_to_vaddr while the boot page table maps only 0-4 GiB ("frames above 4GB cannot be accessed"); hardware would page-fault here (not modelled)`);
  }
  log.add(
    'mm::init_page_meta() (meta::init)',
    `MAX_PADDR ${hex(meta.maxPaddr)} (${bugs.has('MPA-01') ? 'all regions, MPA-01 audited' : 'Usable regions'}); ${meta.metaPages} metadata pages ` +
      `(${meta.maxPaddr / PAGE_SIZE} slots x ${META_SLOT_SIZE} bytes) at [${hex(metaStart)}, ${hex(metaEnd)}), one FRAME_ALLOCATOR.alloc (+${meta.roundingTailFrames} frames of power-of-two rounding); ` +
      `each page from_unused as MetaPageMeta and into_raw; returned ${meta.ranges.length} range${meta.ranges.length === 1 ? '' : 's'} (${meta.resultHeapBytes} heap bytes${bugs.has('MEA-01') ? ', MEA-01 audited' : ''}); boot page table mapping not modelled`,
    { risks },
  );

  const pages = meta.system;
  return {
    machine,
    regions,
    bugs,
    frameAllocator,
    pageAllocator,
    frames: new FrameHandleAllocator(pageAllocator, machine.memory, { bugs, check: opts.check }),
    pages,
    meta: pages.meta,
    maxPaddr: meta.maxPaddr,
    metaInit: meta,
    bootLog: log.entries,
    stats: () => ({
      maxPaddr: meta.maxPaddr,
      usableBytes: buddy.total * PAGE_SIZE,
      totalFrames: buddy.total,
      freeFrames: buddy.free,
      metaPages: meta.metaPages,
      metaSlotSize: META_SLOT_SIZE,
      buddyinfo: buddy.freeBlockCounts(),
      ramBytes: machine.ramBytes,
      touchedPages: machine.memory.touchedPages,
      metaStoreBytes: pages.meta.bytes,
      liveHandles: pages.ledger.liveHandles,
      forgottenHandles: pages.ledger.rawHandles,
    }),
    checkAll: () => pageStateViolations(pages),
  };
}

function toBugSet(b: BootOptions['bugs']): BugSet {
  if (b === undefined) return NO_BUGS;
  if (typeof b === 'string') return bugSet(b);
  if (b instanceof Set) return b as BugSet;
  return bugSet(b as readonly string[]);
}

function memoryRegionsOf(input: KernelInput, bugs: BugSet): { regions: readonly MemoryRegion[]; source: string; layout: MemoryLayout | null } {
  if (typeof input === 'string') {
    const layout = loadLayout(input, { bugs });
    return { regions: layout.regions, source: input, layout };
  }
  if (Array.isArray(input)) return { regions: input as readonly MemoryRegion[], source: 'a region list (taken as memory_regions)', layout: null };
  const layout = initMemoryRegions(input as MultibootInfo, { bugs });
  return { regions: layout.regions, source: 'a parsed Multiboot2 information structure', layout };
}

// Checking mode: Target 1 on the regions init_memory_regions produced (a region list given as
// memory_regions has no input to check against).
function checkTarget1(layout: MemoryLayout | null, check: boolean): string {
  if (!check) return '';
  if (layout === null) return '; Target 1 not checked (regions given as memory_regions)';
  const r = checkMemoryRegions(layout);
  if (!r.ok) throw new InvariantViolation(1, 'init_memory_regions', r.properties.filter((p) => !p.ok).flatMap((p) => p.violations.map((v) => `${p.property}: ${v}`)));
  return '; Target 1 holds';
}
