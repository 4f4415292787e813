/**
 * A per-CPU data TLB: L1 arrays for 4 KiB, 2 MiB and 1 GiB pages and a second-level TLB, each
 * set-associative with LRU within a set (geometry in tlb-geometry.ts). Entries are tagged with a
 * PCID; global entries (G in the leaf, CR4.PGE at fill time) match under every PCID (SDM Vol. 3A
 * §4.10.2.4). An entry caches the combined rights of the walk and whether the leaf was dirty, as
 * hardware does (§4.10.2.2). The invalidation operations implement §4.10.4.1 and are called by
 * {@link CpuState} for MOV to CR3/CR4, INVLPG and INVPCID.
 *
 * Entries live in typed arrays (struct of arrays) so lookups allocate nothing. In front of the
 * L1 arrays sits a direct-mapped cache of recent L1 hits (page number and PCID to entry), as
 * QEMU's softmmu fast path fronts its full TLB: every change to an entry (fill, eviction,
 * invalidation) bumps a generation that voids all front entries, so a front hit returns the
 * entry the full lookup would, with the same LRU stamp, counters and cycles. In front of that,
 * the same slots hold the MMU's hit cache (address bits 63:12 and PCID to entry, physical page
 * and the accesses that hit it cleanly), voided the same way and by every control-register
 * write ({@link Tlb.voidFront}), so an MMU hit is a few compares.
 * Simplifications: no iTLB; no paging-structure caches; the STLB is filled on every walk
 * (inclusive), and an STLB hit refills L1.
 * @module
 */
import { DEFAULT_COST_MODEL, type CostModel } from './cost-model.js';
import { DEFAULT_TLB_GEOMETRY, validateGeometry, type TlbGeometry } from './tlb-geometry.js';
import { PERM_G } from './page-walk.js';

// Front cache slots (a power of two), indexed by the low bits of the page number.
const FRONT = 256;
/** @internal Mask of a front slot index: the low bits of the page number. */
export const FRONT_MASK = FRONT - 1;
/**
 * @internal The MMU hit cache's slot layout: {@link hitKey} of the address's low half and the
 * PCID, the high half (bits 63:32), the generation it was filled in, the accesses (bit a for ACCESS_* bits a)
 * seen to hit with no fault and no dirty assist in that generation (so under the CR0.WP and
 * EFER.NXE of the time), the L1 entry, (level | perms << 2) for translate(), and the physical
 * address of the page.
 */
export const HIT_STRIDE = 8;
export const HIT_KEY = 0;
export const HIT_HI = 1;
export const HIT_GEN = 2;
export const HIT_OK = 3;
export const HIT_ENTRY = 4;
export const HIT_INFO = 5;
export const HIT_PAGE = 6;

/** Page-size classes: index 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB (leaf level - 1). */
export type SizeClass = 0 | 1 | 2;

/** 4 KiB pages per page of each size class. */
export const PAGES_PER_CLASS = [1, 512, 512 * 512] as const;

/** Counters of one CPU's TLB. All are plain numbers, reset by {@link Tlb.resetStats}. */
export interface TlbStats {
  /** Lookups that hit an L1 array. */
  l1Hits: number;
  /** Lookups that missed L1 and hit the STLB. */
  stlbHits: number;
  /** Lookups that missed both levels (each is followed by a walk). */
  misses: number;
  /** Page walks (misses, write hits on clean entries, and walks after a faulting hit). */
  walks: number;
  /** Entries read by walks, by level: walkReads[1] = PT .. walkReads[5] = PML5. */
  walkReads: Float64Array;
  /** Writes that hit a clean entry and re-walked to set D. */
  dirtyAssists: number;
  /** Page faults raised. */
  faults: number;
  /** Valid entries replaced to make room. */
  evictions: number;
  /** Entries invalidated by flushes of any kind. */
  invalidated: number;
  /** Flushes by kind. */
  flushes: {
    invlpg: number; invpcid0: number; invpcid1: number; invpcid2: number; invpcid3: number;
    cr3: number; cr3NoFlush: number; cr4: number; cr0: number; pageFault: number;
  };
  /** IPIs sent and received for shootdowns. */
  ipisSent: number;
  ipisReceived: number;
  /** Simulated cycles spent in translation, faults and invalidation (cost-model.ts). */
  cycles: number;
}

/** Options of a {@link Tlb}. */
export interface TlbOptions {
  readonly geometry?: TlbGeometry;
  readonly costs?: CostModel;
  /**
   * Keep the direct-mapped front cache of L1 hits (default true). It changes no answer,
   * counter or cycle; off, every lookup probes the arrays (the reference the tests compare with).
   */
  readonly frontCache?: boolean;
}

// Arrays: 0..2 = L1 per size class, 3 = STLB (4K + 2M), 4 = STLB 1G.
const L1 = 0;
const STLB = 3;
const STLB1G = 4;

/** One CPU's TLB. */
export class Tlb {
  /** The geometry in use. */
  readonly geometry: TlbGeometry;
  /** The cost model in use. */
  readonly costs: CostModel;
  /** Counters. */
  readonly stats: TlbStats = newStats();
  // costs.l1Hit, read on every hit.
  private readonly l1HitCycles: number;

  // Struct of arrays over all entries of all arrays. tag = page number of the entry's size; -1 = invalid.
  /** @internal */ readonly tag: Float64Array;
  /** @internal */ readonly cls: Uint8Array;
  /** @internal */ readonly pcid: Uint16Array;
  /** @internal */ readonly perms: Uint8Array;
  /** @internal */ readonly base: Float64Array;
  private readonly stamp: Float64Array;
  private readonly aStart: number[] = [];
  private readonly aSets: number[] = [];
  private readonly aWays: number[] = [];
  private clock = 0;
  // The front cache: page number, PCID, L1 entry and the generation it was filled in.
  private readonly frontVpn = new Float64Array(FRONT).fill(-1);
  private readonly frontPcid = new Int32Array(FRONT);
  private readonly frontEntry = new Int32Array(FRONT);
  private readonly frontGen = new Float64Array(FRONT).fill(-1);
  // Bumped by every change to the entries: front entries of older generations are void.
  /** @internal */ gen = 0;
  /** @internal Whether the front caches are on (TlbOptions.frontCache). */
  readonly front: boolean;
  // The MMU's hit cache, slot h = page number & FRONT_MASK, HIT_STRIDE numbers from h * HIT_STRIDE
  // (one array: one bounds check): see the HIT_* offsets. Void unless its generation is gen.
  /** @internal */ readonly hits = new Float64Array(FRONT * HIT_STRIDE).fill(-1);

  /** @throws TlbGeometryError for a malformed geometry. */
  constructor(opts: TlbOptions = {}) {
    this.geometry = opts.geometry ?? DEFAULT_TLB_GEOMETRY;
    this.costs = opts.costs ?? DEFAULT_COST_MODEL;
    this.front = opts.frontCache ?? true;
    this.l1HitCycles = this.costs.l1Hit;
    validateGeometry(this.geometry);
    const g = this.geometry;
    let total = 0;
    for (const a of [g.l1d4k, g.l1d2m, g.l1d1g, g.stlb, g.stlb1g]) {
      this.aStart.push(total);
      this.aWays.push(a.entries === 0 ? 1 : a.ways);
      this.aSets.push(a.entries === 0 ? 0 : a.entries / a.ways);
      total += a.entries;
    }
    this.tag = new Float64Array(total).fill(-1);
    this.cls = new Uint8Array(total);
    this.pcid = new Uint16Array(total);
    this.perms = new Uint8Array(total);
    this.base = new Float64Array(total);
    this.stamp = new Float64Array(total);
  }

  /** Total entries over all arrays. */
  get capacity(): number {
    return this.tag.length;
  }

  /** Valid entries now held. */
  get validEntries(): number {
    let n = 0;
    for (let i = 0; i < this.tag.length; i++) if (this.tag[i] !== -1) n++;
    return n;
  }

  /**
   * Finds the entry translating page `vpn` under `pcid` (L1 first, then the STLB, refilling L1),
   * counting hits and misses and charging their cycles.
   * @returns the entry index, or -1 on a miss
   */
  lookup(vpn: number, pcid: number): number {
    const h = vpn & (FRONT - 1);
    if (this.frontVpn[h] === vpn && this.frontPcid[h] === pcid && this.frontGen[h] === this.gen) {
      const i = this.frontEntry[h]!;
      this.stamp[i] = ++this.clock;
      const st = this.stats;
      st.l1Hits++;
      st.cycles += this.costs.l1Hit;
      return i;
    }
    return this.lookupArrays(vpn, pcid, h);
  }

  // The full lookup behind the front cache; an L1 hit is remembered in front slot h.
  private lookupArrays(vpn: number, pcid: number, h: number): number {
    const st = this.stats;
    let i = this.probe(L1, 0, vpn, pcid);
    if (i < 0) i = this.probe(L1 + 1, 1, Math.floor(vpn / 512), pcid);
    if (i < 0) i = this.probe(L1 + 2, 2, Math.floor(vpn / 262144), pcid);
    if (i >= 0) {
      if (this.front) {
        this.frontVpn[h] = vpn;
        this.frontPcid[h] = pcid;
        this.frontEntry[h] = i;
        this.frontGen[h] = this.gen;
      }
      this.stamp[i] = ++this.clock;
      st.l1Hits++;
      st.cycles += this.costs.l1Hit;
      return i;
    }
    i = this.probe(STLB, 0, vpn, pcid);
    if (i < 0) i = this.probe(STLB, 1, Math.floor(vpn / 512), pcid);
    if (i < 0) i = this.probe(STLB1G, 2, Math.floor(vpn / 262144), pcid);
    if (i >= 0) {
      this.stamp[i] = ++this.clock;
      st.stlbHits++;
      st.cycles += this.costs.stlbHit;
      const c = this.cls[i]! as SizeClass;
      return this.insertInto(L1 + c, c, this.tag[i]!, this.pcid[i]!, this.base[i]!, this.perms[i]!);
    }
    st.misses++;
    return -1;
  }

  /**
   * @internal Counts an L1 hit on entry `i` exactly as {@link lookup} does (LRU stamp, counter,
   * cycles): the MMU's hit cache calls it instead of looking up.
   */
  countL1Hit(i: number): void {
    this.stamp[i] = ++this.clock;
    const st = this.stats;
    st.l1Hits++;
    st.cycles += this.l1HitCycles;
  }

  /**
   * @internal Remembers in the hit cache that the page of address hi:lo (u32 halves) under
   * `pcid` hit L1 entry `i` cleanly (no fault, no dirty assist) for `access`, with `info`
   * (level | perms << 2). A slot already holding this hit in this generation keeps the accesses
   * it had and adds this one (bit access & 31: the bits rightsFault reads).
   */
  rememberHit(hi: number, lo: number, pcid: number, i: number, vpn: number, access: number, info: number): void {
    if (!this.front) return;
    const at = ((lo >>> 12) & FRONT_MASK) * HIT_STRIDE;
    const hits = this.hits;
    const key = hitKey(lo, pcid);
    const bit = 1 << (access & 31);
    if (hits[at + HIT_KEY] === key && hits[at + HIT_HI] === hi && hits[at + HIT_GEN] === this.gen && hits[at + HIT_ENTRY] === i) {
      hits[at + HIT_OK] = hits[at + HIT_OK]! | bit;
      return;
    }
    hits[at + HIT_KEY] = key;
    hits[at + HIT_HI] = hi;
    hits[at + HIT_GEN] = this.gen;
    hits[at + HIT_OK] = bit;
    hits[at + HIT_ENTRY] = i;
    hits[at + HIT_INFO] = info;
    hits[at + HIT_PAGE] = this.physical(i, vpn, 0);
  }

  /**
   * Voids the front caches without touching an entry: a control-register write may change what
   * a cached hit allows (CR0.WP, EFER.NXE) or whether paging is on.
   */
  voidFront(): void {
    this.gen++;
  }

  /**
   * Caches a translation after a walk: page `vpn` of size class `c` at physical `base`, tagged
   * with `pcid`, with PERM_* bits (PERM_G only when CR4.PGE was set).
   * @returns the L1 entry index
   */
  fill(vpn: number, c: SizeClass, pcid: number, base: number, perms: number): number {
    const tag = Math.floor(vpn / PAGES_PER_CLASS[c]);
    const second = c === 2 ? STLB1G : STLB;
    if (this.aSets[second]! > 0) this.insertInto(second, c, tag, pcid, base, perms);
    return this.insertInto(L1 + c, c, tag, pcid, base, perms);
  }

  /** The physical address entry `i` gives for page `vpn` and byte `offset`. */
  physical(i: number, vpn: number, offset: number): number {
    const c = this.cls[i]!;
    return this.base[i]! + (c === 0 ? 0 : (vpn & (PAGES_PER_CLASS[c as SizeClass] - 1)) * 4096) + offset;
  }

  /** Page size in bytes of entry `i`. */
  pageSize(i: number): number {
    return PAGES_PER_CLASS[this.cls[i] as SizeClass] * 4096;
  }

  /**
   * Invalidates the entries for page `vpn` in every array and page size. `mode` 'invlpg': entries
   * of `pcid` and global entries (INVLPG, and what a page fault drops); 'invpcid': non-global
   * entries of `pcid` only (INVPCID type 0).
   */
  invalidatePage(vpn: number, pcid: number, mode: 'invlpg' | 'invpcid'): void {
    for (let a = 0; a < 5; a++) {
      const sets = this.aSets[a]!;
      if (sets === 0) continue;
      for (let c = 0 as SizeClass; c <= 2; c++) {
        if (!holds(a, c)) continue;
        const tag = Math.floor(vpn / PAGES_PER_CLASS[c]);
        const ways = this.aWays[a]!;
        const start = this.aStart[a]! + (tag & (sets - 1)) * ways;
        for (let i = start; i < start + ways; i++) {
          if (this.tag[i] !== tag || this.cls[i] !== c) continue;
          const global = (this.perms[i]! & PERM_G) !== 0;
          if (mode === 'invlpg' ? this.pcid[i] === pcid || global : this.pcid[i] === pcid && !global) this.drop(i);
        }
      }
    }
  }

  /** Invalidates the non-global entries of `pcid` (MOV to CR3, INVPCID type 1). */
  flushPcid(pcid: number): void {
    for (let i = 0; i < this.tag.length; i++) {
      if (this.tag[i] !== -1 && this.pcid[i] === pcid && (this.perms[i]! & PERM_G) === 0) this.drop(i);
    }
  }

  /** Invalidates the non-global entries of every PCID (INVPCID type 3). */
  flushNonGlobal(): void {
    for (let i = 0; i < this.tag.length; i++) {
      if (this.tag[i] !== -1 && (this.perms[i]! & PERM_G) === 0) this.drop(i);
    }
  }

  /** Invalidates everything, global entries included (CR4.PGE change, INVPCID type 2). */
  flushAll(): void {
    for (let i = 0; i < this.tag.length; i++) if (this.tag[i] !== -1) this.drop(i);
  }

  /** Drops entry `i` (e.g. a cached translation that faulted). */
  invalidateEntry(i: number): void {
    if (this.tag[i] !== -1) this.drop(i);
  }

  /** Zeroes the counters. */
  resetStats(): void {
    const fresh = newStats();
    Object.assign(this.stats, fresh);
  }

  private drop(i: number): void {
    this.gen++;
    this.tag[i] = -1;
    this.stats.invalidated++;
  }

  private probe(a: number, c: number, tag: number, pcid: number): number {
    const sets = this.aSets[a]!;
    if (sets === 0) return -1;
    const ways = this.aWays[a]!;
    const start = this.aStart[a]! + (tag & (sets - 1)) * ways;
    const end = start + ways;
    const t = this.tag;
    for (let i = start; i < end; i++) {
      if (t[i] === tag && this.cls[i] === c && (this.pcid[i] === pcid || (this.perms[i]! & PERM_G) !== 0)) return i;
    }
    return -1;
  }

  // Puts an entry in its set: over the same page and PCID if present, else an invalid way, else the LRU way.
  private insertInto(a: number, c: number, tag: number, pcid: number, base: number, perms: number): number {
    const ways = this.aWays[a]!;
    const start = this.aStart[a]! + (tag & (this.aSets[a]! - 1)) * ways;
    let same = -1;
    let free = -1;
    let lru = start;
    let oldest = Infinity;
    for (let i = start; i < start + ways; i++) {
      const t = this.tag[i]!;
      if (t === tag && this.cls[i] === c && this.pcid[i] === pcid) { same = i; break; }
      if (t === -1) { if (free < 0) free = i; continue; }
      if (this.stamp[i]! < oldest) { lru = i; oldest = this.stamp[i]!; }
    }
    this.gen++;
    let victim = same >= 0 ? same : free;
    if (victim < 0) { victim = lru; this.stats.evictions++; }
    this.tag[victim] = tag;
    this.cls[victim] = c;
    this.pcid[victim] = pcid;
    this.base[victim] = base;
    this.perms[victim] = perms;
    this.stamp[victim] = ++this.clock;
    return victim;
  }
}

/**
 * @internal The hit cache's key of the low address half `lo` under `pcid`: lo's page base plus
 * the PCID (below 4096), exact as a double. For a `lo` that is not a u32 integer it is no u32
 * page base plus a PCID, so it matches no slot: the fast path needs no separate check of lo.
 */
export function hitKey(lo: number, pcid: number): number {
  return lo - (lo & 0xfff) + pcid;
}

function holds(a: number, c: number): boolean {
  return a < STLB ? a === c : a === STLB ? c < 2 : c === 2;
}

function newStats(): TlbStats {
  return {
    l1Hits: 0, stlbHits: 0, misses: 0, walks: 0, walkReads: new Float64Array(6), dirtyAssists: 0, faults: 0,
    evictions: 0, invalidated: 0,
    flushes: { invlpg: 0, invpcid0: 0, invpcid1: 0, invpcid2: 0, invpcid3: 0, cr3: 0, cr3NoFlush: 0, cr4: 0, cr0: 0, pageFault: 0 },
    ipisSent: 0, ipisReceived: 0, cycles: 0,
  };
}
