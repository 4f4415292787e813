/**
 * `BootPageTable` (232e62b `mm/page_table/boot_pt.rs`): the boot-stage page table that maps the
 * frame metadata before page-table nodes can have metadata. `fromCurrentPt` takes CR3's root,
 * `mapBasePage` walks from the root, creating intermediate tables with frames from
 * `FRAME_ALLOCATOR` (zeroed, remembered, no metadata) and panics on a mapped page or a huge page
 * in the way; `mapBasePages` is a run of such calls over consecutive pages, done faster (how
 * `meta::init`'s millions of calls are modelled). `retire` frees those frames (not the root or
 * the tables it found). Dropping one instead of retiring panics, as its `Drop` does.
 *
 * Simplification: 232e62b writes through `paddr_to_vaddr`; the model writes machine memory by
 * physical address.
 * @module
 */
import { hex, PAGE_SIZE as PAGE_SIZE_IMPORT, type CpuState, type PhysicalMemory } from '../../machine/index.js';
import { KernelPanic, KernelSimError } from '../../util/errors.js';
import type { FrameAllocator } from '../frame/index.js';
import type { PageProperty } from './page-prop.js';
import { X86_64_PAGING, type PagingConsts } from './paging-consts.js';
import {
  isLastLo, isPresentLo, newFrameHi, newFrameLo, newPtHi, newPtLo, paddrOf, propHi, propLo, type PteEncoding,
} from './pte.js';
import { pteIndexOfVpn } from './paging-consts.js';

// A local constant: an imported binding is a property read on every use (see PhysicalMemory).
const PAGE_SIZE = PAGE_SIZE_IMPORT;

/** A bad argument to {@link BootPageTable.mapBasePages}. */
export class BootPtArgumentError extends KernelSimError {
  constructor(readonly what: string, readonly value: number) {
    super(`BootPageTable.mapBasePages: ${what} ${String(value)} is not a whole number >= 0`);
  }
}

// The address of page `i` of a run at `from`, for panic messages (as map_base_page's `from`).
function pageVa(from: bigint, i: number): bigint {
  return from + BigInt(i) * BigInt(PAGE_SIZE);
}

// Whether path[1..n] are pairwise different frames.
function distinct(path: readonly number[], n: number): boolean {
  for (let a = 1; a <= n; a++) for (let b = a + 1; b <= n; b++) if (path[a] === path[b]) return false;
  return true;
}

/** What a {@link BootPageTable} works with. */
export interface BootPageTableEnv {
  readonly memory: PhysicalMemory;
  /** `FRAME_ALLOCATOR`. */
  readonly frames: FrameAllocator;
  /** The PTE encoding (MOM-04 etc.). */
  readonly enc: PteEncoding;
  /** Paging constants (default x86-64 4-level). */
  readonly consts?: PagingConsts;
}

/** `BootPageTable<E, C>`. */
export class BootPageTable {
  private readonly consts: PagingConsts;
  private readonly allocated: number[] = [];
  private retired = false;
  private last: PageProperty | null = null;
  private bitsLo = 0;
  private bitsHi = 0;
  // The last walk's table at each level (index 1 the level-1 table), and whether they differ.
  private readonly path: number[] = [];
  private reusable = false;
  // A level-1 table's worth of entries for mapLeaves to write.
  private readonly leaves = new DataView(new ArrayBuffer(PAGE_SIZE));

  /** @param rootPt the root's frame number (`root_pt`). */
  constructor(private readonly env: BootPageTableEnv, readonly rootPt: number) {
    this.consts = env.consts ?? X86_64_PAGING;
  }

  /** `from_current_pt()`: the root from `cpu`'s CR3. */
  static fromCurrentPt(env: BootPageTableEnv, cpu: CpuState): BootPageTable {
    return new BootPageTable(env, cpu.root / PAGE_SIZE);
  }

  /** Frames this table allocated (`frames`), in allocation order. */
  get frames(): readonly number[] {
    return this.allocated;
  }

  /**
   * `map_base_page(from, to, prop)`: maps the 4 KiB page at `from` to frame number `to`.
   * @throws KernelPanic for a huge page on the way, an already mapped page, an exhausted
   *   allocator (`unwrap()`), or use after retire.
   */
  mapBasePage(from: bigint, to: number, prop: PageProperty): void {
    this.live('BootPageTable::map_base_page');
    const vpn = Number(BigInt.asUintN(this.consts.addressWidth, from) >> 12n);
    const addr = this.walk(vpn, from, 0) * PAGE_SIZE + (vpn % 512) * 8;
    this.mapLeaf(addr, to, prop, from, 0);
  }

  /**
   * `count` calls of `map_base_page(from + i * PAGE_SIZE, to + i, prop)`, i = 0, 1, …, as
   * `meta::init` makes them: the same table contents, frame allocations (count and order) and
   * panics, each after the same pages were mapped. Faster: it walks from the root once per
   * level-1 table, as the walk's entries stay as it left them (later writes go to level-1
   * entries, and one on the walk is present: a panic first), unless a frame serves twice on the
   * walk (a table handed out again is zeroed), where it walks per page; and it reads and writes
   * a level-1 table's entries of the run at once.
   * @param count the number of pages (a safe integer >= 0)
   * @throws BootPtArgumentError for a bad `count`
   * @throws KernelPanic as {@link mapBasePage}, for the first page that panics.
   */
  mapBasePages(from: bigint, to: number, count: number, prop: PageProperty): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new BootPtArgumentError('count', count);
    if (count === 0) return;
    this.live('BootPageTable::map_base_page');
    // The address wraps at the address width, as BigInt.asUintN does per page.
    const vpnSpan = 2 ** (this.consts.addressWidth - 12);
    let vpn = Number(BigInt.asUintN(this.consts.addressWidth, from) >> 12n);
    for (let i = 0; i < count;) {
      const addr = this.walk(vpn, from, i) * PAGE_SIZE + (vpn % 512) * 8;
      const n = this.reusable ? Math.min(count - i, 512 - (vpn % 512)) : 1;
      this.mapLeaves(addr, n, to + i, prop, from, i);
      i += n;
      vpn = (vpn + n) % vpnSpan;
    }
  }

  /** `retire()`: deallocates the frames this table allocated. The table must no longer be in use. */
  retire(): void {
    this.live('BootPageTable::retire');
    this.retired = true;
    for (const f of this.allocated) this.env.frames.dealloc(f, 1);
  }

  /** `Drop`: a boot page table must be retired, never dropped. */
  drop(): never {
    throw new KernelPanic('BootPageTable::drop', 'the boot page table is dropped rather than retired.');
  }

  // map_base_page's walk down to the level-1 table of `vpn`, creating missing tables, for page
  // `i` of a run at `from`. Sets reusable when the walk's tables are distinct frames.
  private walk(vpn: number, from: bigint, i: number): number {
    const c = this.consts;
    const mem = this.env.memory;
    const enc = this.env.enc;
    const path = this.path;
    let pt = this.rootPt;
    for (let level = c.nrLevels; level > 1; level--) {
      path[level] = pt;
      const addr = pt * PAGE_SIZE + pteIndexOfVpn(vpn, level) * 8;
      const lo = mem.readU32(addr);
      if (!isPresentLo(lo)) {
        const frame = this.allocFrame();
        const pa = frame * PAGE_SIZE;
        mem.writeU32(addr, newPtLo(pa));
        mem.writeU32(addr + 4, newPtHi(pa, enc));
        pt = frame;
      } else if (isLastLo(lo, level)) {
        throw new KernelPanic('BootPageTable::map_base_page', `mapping an already mapped huge page in the boot page table (${hex(pageVa(from, i))}, level ${level})`);
      } else {
        pt = paddrOf(lo, mem.readU32(addr + 4), enc) / PAGE_SIZE;
      }
    }
    path[1] = pt;
    this.reusable = distinct(path, c.nrLevels);
    return pt;
  }

  // map_base_page's level-1 step: the entry at `addr` to frame `to`, for page `i` of a run at `from`.
  private mapLeaf(addr: number, to: number, prop: PageProperty, from: bigint, i: number): void {
    const mem = this.env.memory;
    if (isPresentLo(mem.readU32(addr))) throw this.mappedPanic(from, i);
    const pa = to * PAGE_SIZE;
    this.encode(prop);
    mem.writeU32(addr, newFrameLo(pa, 1, this.bitsLo));
    mem.writeU32(addr + 4, newFrameHi(pa, this.bitsHi, this.env.enc));
  }

  // mapLeaf for the `n` entries from `addr` (one level-1 table) to frames from `to`. Each entry
  // is read only before it is written, so one read of all and one write of those before the
  // first mapped one give the same bytes; entries not all RAM take the per-entry path, which
  // faults where map_base_page would.
  private mapLeaves(addr: number, n: number, to: number, prop: PageProperty, from: bigint, i: number): void {
    const mem = this.env.memory;
    if (n === 1 || !mem.ram.contains(addr, n * 8)) {
      for (let j = 0; j < n; j++) this.mapLeaf(addr + j * 8, to + j, prop, from, i + j);
      return;
    }
    // Locals: an imported binding is a property read on every use (see PhysicalMemory).
    const present = isPresentLo;
    const frameLo = newFrameLo;
    const frameHi = newFrameHi;
    const old = new DataView(mem.readBytes(addr, n * 8).buffer);
    let free = 0;
    while (free < n && !present(old.getUint32(free * 8, true))) free++;
    if (free > 0) {
      this.encode(prop);
      const { bitsLo, bitsHi, leaves: out } = this;
      const enc = this.env.enc;
      for (let j = 0; j < free; j++) {
        const pa = (to + j) * PAGE_SIZE;
        out.setUint32(j * 8, frameLo(pa, 1, bitsLo), true);
        out.setUint32(j * 8 + 4, frameHi(pa, bitsHi, enc), true);
      }
      mem.writeBytes(addr, new Uint8Array(out.buffer, 0, free * 8));
    }
    if (free < n) throw this.mappedPanic(from, i + free);
  }

  private mappedPanic(from: bigint, i: number): KernelPanic {
    return new KernelPanic('BootPageTable::map_base_page', `mapping an already mapped page in the boot page table (${hex(pageVa(from, i))})`);
  }

  // The PTE bits of the last property (meta::init maps millions of pages with one property).
  private encode(prop: PageProperty): void {
    const l = this.last;
    if (l !== null && l.flags === prop.flags && l.cache === prop.cache && l.privFlags === prop.privFlags) return;
    this.bitsLo = propLo(prop, 1, this.env.enc);
    this.bitsHi = propHi(prop, this.env.enc);
    this.last = { flags: prop.flags, cache: prop.cache, privFlags: prop.privFlags };
  }

  private allocFrame(): number {
    const f = this.env.frames.allocSingle({ zeroed: true });
    if (f === null) throw new KernelPanic('BootPageTable::alloc_frame', 'FRAME_ALLOCATOR.alloc(1).unwrap() on None');
    this.allocated.push(f);
    return f;
  }

  private live(fn: string): void {
    if (this.retired) throw new KernelPanic(fn, 'the boot page table was retired');
  }
}
