/**
 * `VmSpace` (FG4.15, 232e62b `mm/space.rs`): a user page table with map / query / unmap / clear /
 * protect / fork_copy_on_write, TLB flushing on the CPUs it is active on, and a page-fault hook.
 *
 * Differences from 232e62b, each deliberate:
 * - `unmap`, `clear` and an overwriting `map` keep a handle on each old frame until the TLBs are
 *   flushed (Target 13); 232e62b's order is `unmapOrder: 'free-then-flush'`.
 * - Flushes go to every CPU the space is active on, by shootdown (232e62b flushes the current
 *   CPU only, assuming no SMP). Simplification: CPUs that switched away are not flushed.
 * - `map` takes ownership of the frames also when it fails (they are dropped, as Rust's move does).
 * @module
 */
import { tlbShootdown, type Access, type CpuState, type PageFault, type Translation } from '../../machine/index.js';
import type { BugSet } from '../../bugs/index.js';
import type { Frame, FrameVec } from '../handles/index.js';
import { InvariantViolation } from '../page/index.js';
import { PageTable, PrivilegedPageFlags, UserMode, modeCovers, type PageProperty } from '../page-table/index.js';
import { tlbFlushAddrRange, tlbFlushAllExcludingGlobal, type FlushReport } from '../tlb/index.js';
import type { VmSpaceEnv, VmSpaceOptions } from './env.js';
import { VmSpaceError } from './errors.js';
import { newFaultCounters, type FaultCounters, type FaultKind } from './fault-counters.js';
import { accessWithFaults, handlePageFault } from './fault-hook.js';
import { addFlush, newFlushStats, type FlushStats } from './flush-stats.js';
import { protectSpace } from './protect.js';
import type { ProtectResult } from './protect-result.js';
import { VmQueryIter } from './query-iter.js';
import { releaseFrames } from './target13.js';
import type { VmArea } from './vm-area.js';
import { DEFAULT_MAP_FLAGS, type VmMapOptions } from './vm-map-options.js';

/** A half-open virtual address range. */
export interface VaRange {
  readonly start: bigint;
  readonly end: bigint;
}

const PAGE = 4096n;
// The VmSpace each CPU has active (CR3).
const current = new WeakMap<CpuState, VmSpace>();

/** `VmSpace`. */
export class VmSpace {
  /** Audited behaviours in force. */
  readonly bugs: BugSet;
  /** Checking mode: Target 13 at every frame release. */
  readonly check: boolean;
  /** Declared areas served by the fault hook. */
  readonly areas: VmArea[] = [];
  /** Page faults by kind. */
  readonly faults: FaultCounters = newFaultCounters();
  /** Flush work over the space's life. */
  readonly flushStats: FlushStats = newFlushStats();
  /** Target 13 violations seen (frames freed while a TLB still held them). */
  readonly target13Violations: string[] = [];
  /** @internal */ readonly active = new Set<CpuState>();
  private live = true;

  private constructor(readonly env: VmSpaceEnv, readonly opts: VmSpaceOptions, readonly pt: PageTable) {
    this.bugs = opts.bugs ?? env.ctx.bugs;
    this.check = opts.check ?? env.ctx.check;
  }

  /** `VmSpace::new()`: a user page table (sharing the kernel half when the env has a kernel table). */
  static new(env: VmSpaceEnv, opts: VmSpaceOptions = {}): VmSpace {
    const pt = env.kernelPageTable !== undefined ? env.kernelPageTable.createUserPageTable() : PageTable.empty(env.ctx, UserMode);
    return new VmSpace(env, opts, pt);
  }

  /** The CPUs this space is active on. */
  get activeCpus(): CpuState[] {
    return [...this.active];
  }

  /**
   * `activate()`: the page table's `activate` on `cpu` (CR3 <- root; the CPU holds a reference on
   * the root until its CR3 moves to another root, so dropping the space while a CPU still has it
   * active does not free the root under CR3). A CPU with paging off is first taken into long
   * mode (PGE and NXE on) — a convenience of the model.
   */
  activate(cpu: CpuState): void {
    this.alive('VmSpace::activate');
    if (!cpu.paging) cpu.enterLongMode({ root: this.pt.rootPaddr(), pge: true, nxe: true });
    this.pt.activate(cpu);
    const prev = current.get(cpu);
    if (prev !== undefined) prev.active.delete(cpu);
    current.set(cpu, this);
    this.active.add(cpu);
  }

  /** Declares an area in which the fault hook demand-pages and serves copy-on-write. */
  declareArea(area: VmArea): void {
    this.checkRange('VmSpace::declare_area', area);
    this.areas.push(area);
  }

  /**
   * `map(frames, options)`: maps the frames from `options.addr`, flushes, returns the address.
   * @throws VmSpaceError InvalidArgs (no/unaligned address, outside the user range, a dropped
   * space) or MapAlreadyMappedVaddr (something mapped and `canOverwrite` false); the table is
   * unchanged and the frames, moved in, are dropped.
   */
  map(frames: readonly Frame[] | FrameVec, options: VmMapOptions): bigint {
    const list: readonly Frame[] = Array.isArray(frames) ? frames : (frames as FrameVec).frames;
    const fn = 'VmSpace::map';
    const fail = (kind: 'InvalidArgs' | 'MapAlreadyMappedVaddr', why: string): never => {
      for (const f of list) if (f.isLive) f.drop(); // the frames were moved in
      throw new VmSpaceError(kind, fn, why);
    };
    if (!this.live) return fail('InvalidArgs', 'the VmSpace was dropped');
    const addr = options.addr;
    if (addr === undefined) return fail('InvalidArgs', 'options.addr is None');
    if (list.length === 0) return fail('InvalidArgs', 'no frames');
    const end = addr + BigInt(list.length) * PAGE;
    if (addr % PAGE !== 0n) return fail('InvalidArgs', `address ${addr} is not page aligned`);
    if (!modeCovers(UserMode, addr, end)) return fail('InvalidArgs', `range ${addr}..${end} is outside the user space`);
    const old: Frame[] = [];
    const c = this.pt.cursorMut(addr, end);
    try {
      let clash = false;
      for (let q = c.next(); q !== null; q = c.next()) {
        if (q.kind !== 'Mapped') continue;
        if (options.canOverwrite) old.push(q.frame);
        else { q.frame.drop(); clash = true; break; }
      }
      if (clash) return fail('MapAlreadyMappedVaddr', 'a page in the range is already mapped');
      c.jump(addr);
      const prop: PageProperty = { flags: options.flags ?? DEFAULT_MAP_FLAGS, cache: 'Writeback', privFlags: PrivilegedPageFlags.USER };
      for (const f of list) c.map(f, prop);
    } finally {
      c.drop();
    }
    this.env.mmu.noteTableWrite(fn);
    this.flushRange({ start: addr, end });
    // Only this map's violations: earlier ones were reported by the operation that made them.
    const from = this.target13Violations.length;
    releaseFrames(old, this.env.cpus, this.check, fn, this.target13Violations);
    this.reportTarget13(fn, from);
    return addr;
  }

  /** `query_range(range)`: an iterator over the pieces of `range` (drop the Mapped items' frames). */
  queryRange(range: VaRange): VmQueryIter {
    this.alive('VmSpace::query_range');
    return new VmQueryIter(this.pt.cursor(range.start, range.end));
  }

  /**
   * `query(vaddr)`: the property of the page mapping `va`, or null.
   * @throws VmSpaceError AccessDenied outside the user range.
   */
  query(va: bigint): PageProperty | null {
    this.alive('VmSpace::query');
    if (!(va >= 0n && va < UserMode.end)) throw new VmSpaceError('AccessDenied', 'VmSpace::query', `address ${va} is outside the user space`);
    const w = this.pt.query(va);
    return w === null ? null : w.prop;
  }

  /**
   * `unmap(range)`: removes the mappings (gaps allowed), flushes the TLBs, then frees the frames.
   * @throws VmSpaceError InvalidArgs for an unaligned, empty or non-user range (nothing changed).
   */
  unmap(range: VaRange): void {
    this.alive('VmSpace::unmap');
    this.checkRange('VmSpace::unmap', range);
    const frames = this.mappedFrames(range);
    this.pt.unmap(range);
    this.env.mmu.noteTableWrite('VmSpace::unmap');
    this.flushThenFree('VmSpace::unmap', frames, () => this.flushRange(range));
  }

  /** `clear()`: unmaps the whole user space and flushes all non-global entries. */
  clear(): void {
    this.alive('VmSpace::clear');
    const all = { start: UserMode.start, end: UserMode.end };
    const frames = this.mappedFrames(all);
    this.pt.unmap(all);
    this.env.mmu.noteTableWrite('VmSpace::clear');
    this.flushThenFree('VmSpace::clear', frames, () => this.flushAll());
  }

  /**
   * `protect(range, op)`: applies `op` to every mapped page's property, then flushes. A partial
   * failure is stated in the result (SPA-01).
   * @throws VmSpaceError InvalidArgs for an unaligned, empty or non-user range.
   */
  protect(range: VaRange, op: (p: PageProperty) => void): ProtectResult {
    this.alive('VmSpace::protect');
    this.checkRange('VmSpace::protect', range);
    return protectSpace(this, range, op);
  }

  /** `fork_copy_on_write()`: a child sharing every frame read-only; both spaces fault to copy. */
  forkCopyOnWrite(): VmSpace {
    this.alive('VmSpace::fork_copy_on_write');
    const child = new VmSpace(this.env, this.opts, this.pt.forkCopyOnWrite());
    child.areas.push(...this.areas);
    this.env.mmu.noteTableWrite('VmSpace::fork_copy_on_write');
    this.flushAll();
    return child;
  }

  /**
   * The page-fault hook: resolves `fault` by demand paging or copy-on-write.
   * @throws SegmentationFault when it cannot (counted as `segv`).
   */
  handlePageFault(cpu: CpuState, fault: PageFault): FaultKind {
    this.alive('VmSpace::handle_page_fault');
    return handlePageFault(this, cpu, fault);
  }

  /** A user-mode access by `cpu` through the MMU, serving page faults with the hook and retrying. */
  access(cpu: CpuState, va: bigint, access: Access = {}): Translation {
    return accessWithFaults(this, cpu, va, access);
  }

  /**
   * Writes `data` at `va` as user code on `cpu` would, page by page through the MMU. Every page
   * is translated (faults served) before any byte is stored, so a fault on a later page leaves
   * the earlier ones unwritten and no other frame is touched.
   * @throws SegmentationFault / PageFault where a page of the range cannot be written.
   */
  writeBytes(cpu: CpuState, va: bigint, data: Uint8Array): void {
    const parts = this.translatePages(cpu, va, data.length, true);
    let off = 0;
    for (const p of parts) {
      this.env.ctx.memory.writeBytes(p.paddr, data.subarray(off, off + p.len));
      off += p.len;
    }
  }

  /**
   * Reads `len` bytes at `va` as user code on `cpu` would, page by page through the MMU.
   * @throws SegmentationFault / PageFault where a page of the range cannot be read.
   */
  readBytes(cpu: CpuState, va: bigint, len: number): Uint8Array {
    const out = new Uint8Array(len);
    let off = 0;
    for (const p of this.translatePages(cpu, va, len, false)) {
      out.set(this.env.ctx.memory.readBytes(p.paddr, p.len), off);
      off += p.len;
    }
    return out;
  }

  // The physical pieces of [va, va + len), one per page, each translated through the MMU.
  private translatePages(cpu: CpuState, va: bigint, len: number, write: boolean): { paddr: number; len: number }[] {
    if (!Number.isSafeInteger(len) || len < 0) throw new VmSpaceError('InvalidArgs', write ? 'VmSpace::write_bytes' : 'VmSpace::read_bytes', `length ${len} is not a byte count`);
    const parts: { paddr: number; len: number }[] = [];
    let cur = va;
    let left = len;
    while (left > 0) {
      const n = Math.min(left, Number(PAGE - (cur % PAGE)));
      const t = this.access(cpu, cur, { write });
      parts.push({ paddr: t.paddr, len: n });
      cur += BigInt(n);
      left -= n;
    }
    return parts;
  }

  /** Clears the space and drops its page table. */
  drop(): void {
    this.alive('VmSpace::drop');
    this.clear();
    for (const cpu of this.active) current.delete(cpu);
    this.active.clear();
    this.live = false;
    this.pt.drop();
  }

  /** @internal flushes `range` on every CPU the space is active on. */
  flushRange(range: VaRange, into?: FlushStats): void {
    this.shootdown((cpu) => tlbFlushAddrRange(cpu, range, { bugs: this.bugs }), into);
  }

  /** @internal a full non-global flush on every CPU the space is active on. */
  flushAll(into?: FlushStats): void {
    this.shootdown((cpu) => tlbFlushAllExcludingGlobal(cpu), into);
  }

  /** @internal throws the Target 13 violations seen by the last operation, in checking mode. */
  reportTarget13(point: string, from = 0): void {
    // Violations are only collected in checking mode; the operation has completed first.
    if (this.target13Violations.length > from) throw new InvariantViolation(13, point, this.target13Violations.slice(from));
  }

  /** @internal the frames mapped in `range` (clones, owned by the caller). */
  mappedFrames(range: VaRange): Frame[] {
    const out: Frame[] = [];
    const it = this.queryRange(range);
    for (const q of it) if (q.kind === 'Mapped') out.push(q.frame);
    return out;
  }

  /** @internal Target 13's order (or 232e62b's, as a test double), then the check. */
  flushThenFree(point: string, frames: readonly Frame[], flush: () => void): void {
    const from = this.target13Violations.length;
    if (this.opts.unmapOrder === 'free-then-flush') {
      releaseFrames(frames, this.env.cpus, this.check, point, this.target13Violations);
      flush();
    } else {
      flush();
      releaseFrames(frames, this.env.cpus, this.check, point, this.target13Violations);
    }
    this.reportTarget13(point, from);
  }

  private shootdown(flush: (cpu: CpuState) => FlushReport, into?: FlushStats): void {
    const cpus = this.activeCpus;
    if (cpus.length === 0) return;
    tlbShootdown(cpus[0]!, cpus, (cpu) => addFlush(this.flushStats, flush(cpu), into));
  }

  private checkRange(fn: string, r: VaRange): void {
    if (r.start % PAGE !== 0n || r.end % PAGE !== 0n) throw new VmSpaceError('InvalidArgs', fn, `range ${r.start}..${r.end} is not page aligned`);
    if (r.end <= r.start) throw new VmSpaceError('InvalidArgs', fn, `range ${r.start}..${r.end} is empty`);
    if (!modeCovers(UserMode, r.start, r.end)) throw new VmSpaceError('InvalidArgs', fn, `range ${r.start}..${r.end} is outside the user space`);
  }

  private alive(fn: string): void {
    if (!this.live) throw new VmSpaceError('InvalidArgs', fn, 'the VmSpace was dropped');
  }
}
