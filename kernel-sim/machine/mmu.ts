/**
 * The MMU: translates linear addresses for a CPU through its TLB, walking the page tables in
 * physical memory on a miss (page-walk.ts), raising #GP for non-canonical addresses and
 * {@link PageFault} with CR2 and the error code, and, in checking mode, comparing every TLB hit
 * with the tables (stale-detector.ts).
 *
 * Hot path: {@link Mmu.paddrOf} allocates nothing on a hit or a successful walk. A hit that
 * needs neither a fault, a dirty assist nor a stale check is answered from the TLB's hit cache
 * (tlb.ts) with the counters, LRU stamp and cycles of the full lookup.
 * Simplifications: no SMEP/SMAP/PKE; #GP also for the stack segment (no #SS); a TLB hit whose
 * cached rights forbid the access faults and drops the entry (the SDM's behaviour after #PF)
 * instead of re-walking; with paging off, linear addresses are physical.
 * @module
 */
import { GeneralProtectionFault } from './cpu-faults.js';
import type { CpuState } from './cpu-state.js';
import { decodeLinear, LINEAR_HALVES, LinearHalvesError, linearFromHalves, splitLinear, type LinearParts } from './linear-address.js';
import {
  ACCESS_EXEC, ACCESS_USER, ACCESS_WRITE, PAGE_SIZE_OF_LEVEL, PERM_D, PERM_G, PERM_PAT, PERM_PCD, PERM_PWT, PERM_U,
  PERM_W, PERM_X, WALK_OK, rightsFault, mmuWalk as walk, mmuWriteBack as writeBack, type WalkResult,
} from './page-walk.js';
import { PageFault } from './page-fault.js';
import type { PhysicalMemory } from './physical-memory.js';
import { StaleDetector, type StaleTranslation, type TranslationView } from './stale-detector.js';
import { FRONT_MASK, HIT_ENTRY, HIT_GEN, HIT_HI, HIT_INFO, HIT_KEY, HIT_OK, HIT_PAGE, HIT_STRIDE, hitKey, type SizeClass } from './tlb.js';
import { MAX_PHYS_ADDR } from './address.js';

/** The kind of access, as an object. */
export interface Access {
  readonly write?: boolean;
  readonly user?: boolean;
  readonly exec?: boolean;
}

/** Attributes of a translation. */
export interface TranslationFlags {
  readonly writable: boolean;
  readonly user: boolean;
  readonly executable: boolean;
  readonly global: boolean;
  readonly dirty: boolean;
  readonly pwt: boolean;
  readonly pcd: boolean;
  readonly pat: boolean;
}

/** A successful translation. */
export interface Translation {
  /** The physical address. */
  readonly paddr: number;
  /** Size in bytes of the page mapping it. */
  readonly pageSize: number;
  /** Leaf level: 1 (PTE, 4 KiB), 2 (PDE, 2 MiB), 3 (PDPTE, 1 GiB); 0 with paging off. */
  readonly level: number;
  readonly flags: TranslationFlags;
  /** Where it came from. */
  readonly source: 'l1' | 'stlb' | 'walk' | 'no-paging';
}

/** Options of an {@link Mmu}. */
export interface MmuOptions {
  /** Compare every TLB hit with the tables (checking mode). */
  readonly checkStale?: boolean;
}

/** Converts an {@link Access} to ACCESS_* bits. */
export function accessBits(a: Access): number {
  return (a.write ? ACCESS_WRITE : 0) | (a.user ? ACCESS_USER : 0) | (a.exec ? ACCESS_EXEC : 0);
}

/** The MMU shared by a machine's CPUs (each CPU brings its own TLB). */
export class Mmu {
  /** The stale-translation detector (enabled by `checkStale`). */
  readonly stale: StaleDetector;
  private readonly la: LinearParts = { vpn: 0, offset: 0 };
  private readonly wr: WalkResult = { base: 0, level: 0, perms: 0, reads: 0 };
  private readonly peekOut: WalkResult = { base: 0, level: 0, perms: 0, reads: 0 };
  // Details of the last successful paddrOf, read by translate(): level | perms << 2 | source << 10.
  private lastInfo = 0;

  constructor(readonly memory: PhysicalMemory, opts: MmuOptions = {}) {
    this.stale = new StaleDetector(opts.checkStale ?? false);
  }

  /** Labels the page-table change just made (e.g. `VmSpace::protect`), for stale-hit records. */
  noteTableWrite(label: string): void {
    this.stale.noteTableWrite(label);
  }

  /**
   * Translates `vaddr` for an access by `cpu`, through its TLB.
   * @throws GeneralProtectionFault for a non-canonical address
   * @throws PageFault (CR2 and error code; cpu.cr2 is set)
   * @throws PhysicalMemoryFault when a table pointer leads outside RAM
   */
  translate(cpu: CpuState, vaddr: bigint, access: Access | number = 0): Translation {
    const paddr = this.paddrOf(cpu, vaddr, typeof access === 'number' ? access : accessBits(access));
    const level = this.lastInfo & 3;
    return {
      paddr, pageSize: level === 0 ? 0 : PAGE_SIZE_OF_LEVEL[level as 1 | 2 | 3], level,
      flags: flagsOf((this.lastInfo >>> 2) & 0xff), source: SOURCES[this.lastInfo >>> 10]!,
    };
  }

  /**
   * The hot path of {@link translate}: the physical address only, no allocation on success.
   * @param access ACCESS_WRITE | ACCESS_USER | ACCESS_EXEC bits
   */
  paddrOf(cpu: CpuState, vaddr: bigint, access: number): number {
    if (!cpu.paging) return this.unpaged(cpu, vaddr);
    splitLinear(vaddr);
    return this.paddrOfHalves(cpu, LINEAR_HALVES[0]!, LINEAR_HALVES[1]!, access);
  }

  /**
   * {@link paddrOf} for an address given as its two u32 halves (`hi` = bits 63:32, `lo` = bits
   * 31:0), with no bigint work unless it faults: the number path under the bigint API, with the
   * same TLB state, counters and cycles.
   * @throws LinearHalvesError when a half is not a u32
   */
  paddrOfHalves(cpu: CpuState, hi: number, lo: number, access: number): number {
    // The hit cache first; a slot's halves are u32s, so a match means these are (see hitKey).
    const tlb = cpu.tlb;
    const at = ((lo >>> 12) & FRONT_MASK) * HIT_STRIDE;
    const hits = tlb.hits;
    if (hits[at + HIT_KEY] === hitKey(lo, cpu.pcid) && hits[at + HIT_HI] === hi && hits[at + HIT_GEN] === tlb.gen
      && ((hits[at + HIT_OK]! >>> access) & 1) !== 0 && !this.stale.enabled) {
      // Same generation: no entry or control register changed since the slot was filled, so
      // paging is on, the address canonical and the entry's answer for this access as then.
      tlb.countL1Hit(hits[at + HIT_ENTRY]!);
      this.lastInfo = hits[at + HIT_INFO]!;
      return hits[at + HIT_PAGE]! + (lo & 0xfff);
    }
    if ((hi >>> 0) !== hi || (lo >>> 0) !== lo) throw new LinearHalvesError(hi, lo);
    return this.paddrOfSlow(cpu, hi, lo, access);
  }

  private paddrOfSlow(cpu: CpuState, hi: number, lo: number, access: number): number {
    if (!cpu.paging) return this.unpaged(cpu, linearFromHalves(hi, lo));
    const top = hi >> (cpu.la57 ? 24 : 15); // bits 63:56 or 63:47 as signed: 0 or -1 when canonical
    if (top !== 0 && top !== -1) throw this.nonCanonical(cpu, linearFromHalves(hi, lo), access);
    return this.translateVpn(cpu, (hi & 0x1ffffff) * 1048576 + (lo >>> 12), lo & 0xfff, access, hi, lo);
  }

  // The translation of page vpn of address hi:lo; the address is built as a bigint only when a
  // fault or a stale-hit record needs it.
  private translateVpn(cpu: CpuState, vpn: number, offset: number, access: number, hi: number, lo: number): number {
    const tlb = cpu.tlb;
    const before = tlb.stats.l1Hits;
    const i = tlb.lookup(vpn, cpu.pcid);
    if (i >= 0) {
      const perms = tlb.perms[i]!;
      // The common hit: rights allow it, no dirty assist, no stale check.
      if (rightsFault(perms, access, cpu.wp, cpu.nxe) === 0 && ((access & ACCESS_WRITE) === 0 || (perms & PERM_D) !== 0) && !this.stale.enabled) {
        const l1 = tlb.stats.l1Hits !== before;
        const info = tlb.cls[i]! + 1 | perms << 2;
        this.lastInfo = info | (l1 ? SOURCE_L1 : SOURCE_STLB) << 10;
        if (l1) tlb.rememberHit(hi, lo, cpu.pcid, i, vpn, access, info);
        return tlb.physical(i, vpn, offset);
      }
      return this.slowHit(cpu, i, vpn, offset, access, linearFromHalves(hi, lo), before);
    }
    return this.walkAndFill(cpu, linearFromHalves(hi, lo), vpn, offset, access);
  }

  // A hit that faults, needs the dirty assist, or is checked against the tables.
  private slowHit(cpu: CpuState, i: number, vpn: number, offset: number, access: number, vaddr: bigint, before: number): number {
    const tlb = cpu.tlb;
    const perms = tlb.perms[i]!;
    const code = rightsFault(perms, access, cpu.wp, cpu.nxe);
    if (code !== 0) {
      tlb.invalidatePage(vpn, cpu.pcid, 'invlpg'); // a #PF drops the address's entries (SDM §4.10.4.1)
      tlb.stats.flushes.pageFault++;
      throw this.fault(cpu, vaddr, code);
    }
    if ((access & ACCESS_WRITE) === 0 || (perms & PERM_D) !== 0) {
      if (this.stale.enabled) this.checkHit(cpu, vaddr, i, vpn);
      this.lastInfo = tlb.cls[i]! + 1 | perms << 2 | (tlb.stats.l1Hits !== before ? SOURCE_L1 : SOURCE_STLB) << 10;
      return tlb.physical(i, vpn, offset);
    }
    tlb.stats.dirtyAssists++; // a write through a clean entry: re-walk to set D
    return this.walkAndFill(cpu, vaddr, vpn, offset, access);
  }

  /**
   * Walks the tables without the TLB (A/D written back, counters charged, nothing cached): the
   * reference the TLB's answers are compared with.
   */
  walk(cpu: CpuState, vaddr: bigint, access: Access | number = 0): Translation {
    const bits = typeof access === 'number' ? access : accessBits(access);
    if (!cpu.paging) return { paddr: this.unpaged(cpu, vaddr), pageSize: 0, level: 0, flags: flagsOf(PERM_W | PERM_U | PERM_X), source: 'no-paging' };
    const la = this.decode(cpu, vaddr, bits);
    const w = this.wr;
    this.walkChecked(cpu, vaddr, la.vpn, bits, w);
    return this.view(w, la.vpn, la.offset);
  }

  /** {@link walk} returning the physical address only, without allocating. */
  walkPaddr(cpu: CpuState, vaddr: bigint, access: number): number {
    if (!cpu.paging) return this.unpaged(cpu, vaddr);
    const la = this.decode(cpu, vaddr, access);
    const w = this.wr;
    this.walkChecked(cpu, vaddr, la.vpn, access, w);
    const pages = w.level === 1 ? 1 : w.level === 2 ? 512 : 262144;
    return w.base + (la.vpn & (pages - 1)) * 4096 + la.offset;
  }

  /**
   * What the tables say for `vaddr` now, with no side effects (no A/D, no counters, no faults).
   * @returns null when not mapped (or non-canonical, or a reserved bit is set)
   */
  peek(cpu: CpuState, vaddr: bigint): Translation | null {
    const la: LinearParts = { vpn: 0, offset: 0 };
    if (!decodeLinear(vaddr, cpu.la57, la)) return null;
    const w = this.peekOut;
    if (walk(this.memory, cpu, la.vpn, 0, w, null) !== WALK_OK) return null;
    return this.view(w, la.vpn, la.offset);
  }

  /** The stale hits recorded so far. */
  get staleTranslations(): readonly StaleTranslation[] {
    return this.stale.records;
  }

  private walkAndFill(cpu: CpuState, vaddr: bigint, vpn: number, offset: number, access: number): number {
    const w = this.wr;
    this.walkChecked(cpu, vaddr, vpn, access, w);
    const tlb = cpu.tlb;
    let perms = w.perms;
    if (!cpu.pge) perms &= ~PERM_G;
    const i = tlb.fill(vpn, (w.level - 1) as SizeClass, cpu.pcid, w.base, perms);
    this.lastInfo = w.level | perms << 2 | SOURCE_WALK << 10;
    return tlb.physical(i, vpn, offset);
  }

  // A counted walk with rights check and A/D write-back; throws the page fault.
  private walkChecked(cpu: CpuState, vaddr: bigint, vpn: number, access: number, w: WalkResult): void {
    const st = cpu.tlb.stats;
    st.walks++;
    let code = walk(this.memory, cpu, vpn, access, w, st.walkReads);
    st.cycles += w.reads * cpu.tlb.costs.walkLevel;
    if (code === WALK_OK) {
      code = rightsFault(w.perms, access, cpu.wp, cpu.nxe);
      if (code === 0) {
        const write = (access & ACCESS_WRITE) !== 0;
        writeBack(this.memory, write);
        if (write) w.perms |= PERM_D;
        return;
      }
    }
    throw this.fault(cpu, vaddr, code);
  }

  private fault(cpu: CpuState, vaddr: bigint, code: number): PageFault {
    cpu.cr2 = vaddr;
    const st = cpu.tlb.stats;
    st.faults++;
    st.cycles += cpu.tlb.costs.pageFault;
    return new PageFault(cpu.id, vaddr, code);
  }

  private checkHit(cpu: CpuState, vaddr: bigint, i: number, vpn: number): void {
    const tlb = cpu.tlb;
    const cachedPerms = tlb.perms[i]!;
    const cachedSize = tlb.pageSize(i);
    const cachedBase = tlb.base[i]!;
    const w = this.peekOut;
    const ok = walk(this.memory, cpu, vpn, 0, w, null) === WALK_OK;
    const mask = PERM_W | PERM_U | PERM_X;
    if (ok && w.base === cachedBase && PAGE_SIZE_OF_LEVEL[w.level as 1 | 2 | 3] === cachedSize && (w.perms & mask) === (cachedPerms & mask)) return;
    const cached: TranslationView = { base: cachedBase, pageSize: cachedSize, ...rights(cachedPerms) };
    const current: TranslationView | null = ok ? { base: w.base, pageSize: PAGE_SIZE_OF_LEVEL[w.level as 1 | 2 | 3], ...rights(w.perms) } : null;
    this.stale.record(cpu.id, vaddr, cpu.pcid, cached, current);
  }

  private decode(cpu: CpuState, vaddr: bigint, access: number): LinearParts {
    const la = this.la;
    if (!decodeLinear(vaddr, cpu.la57, la)) throw this.nonCanonical(cpu, vaddr, access);
    return la;
  }

  private nonCanonical(cpu: CpuState, vaddr: bigint, access: number): GeneralProtectionFault {
    const what = (access & ACCESS_WRITE) ? 'write' : (access & ACCESS_EXEC) ? 'fetch' : 'read';
    return new GeneralProtectionFault(cpu.id, what, 'non-canonical linear address', vaddr);
  }

  private view(w: WalkResult, vpn: number, offset: number): Translation {
    const pages = w.level === 1 ? 1 : w.level === 2 ? 512 : 262144;
    return {
      paddr: w.base + (vpn & (pages - 1)) * 4096 + offset, pageSize: PAGE_SIZE_OF_LEVEL[w.level as 1 | 2 | 3], level: w.level,
      flags: flagsOf(w.perms), source: 'walk',
    };
  }

  private unpaged(cpu: CpuState, vaddr: bigint): number {
    if (vaddr < 0n || vaddr >= BigInt(MAX_PHYS_ADDR)) {
      throw new GeneralProtectionFault(cpu.id, 'access', 'address beyond MAXPHYADDR with paging off', vaddr);
    }
    this.lastInfo = (PERM_W | PERM_U | PERM_X) << 2 | SOURCE_NO_PAGING << 10;
    return Number(vaddr);
  }
}

// translate()'s sources, coded in lastInfo.
const SOURCES: readonly Translation['source'][] = ['l1', 'stlb', 'walk', 'no-paging'];
const SOURCE_L1 = 0;
const SOURCE_STLB = 1;
const SOURCE_WALK = 2;
const SOURCE_NO_PAGING = 3;

function rights(p: number): { writable: boolean; user: boolean; executable: boolean } {
  return { writable: (p & PERM_W) !== 0, user: (p & PERM_U) !== 0, executable: (p & PERM_X) !== 0 };
}

/** Expands PERM_* bits. */
export function flagsOf(p: number): TranslationFlags {
  return {
    writable: (p & PERM_W) !== 0, user: (p & PERM_U) !== 0, executable: (p & PERM_X) !== 0, global: (p & PERM_G) !== 0,
    dirty: (p & PERM_D) !== 0, pwt: (p & PERM_PWT) !== 0, pcd: (p & PERM_PCD) !== 0, pat: (p & PERM_PAT) !== 0,
  };
}

