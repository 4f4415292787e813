/**
 * The IOTLB: second-level translations tagged by domain id and page, for 4 KiB, 2 MiB and
 * 1 GiB leaves, set-associative with LRU in a set. Entries hold the combined R/W rights of
 * the walk and stay, stale or not, until an IOTLB invalidation (global, domain-selective or
 * page-selective with an address mask) removes them (VT-d §6.5.1, §6.5.2).
 * The set index folds the page number's 9-bit level indices together (so pages 2 MiB apart do
 * not all share a set) with the domain id. Entries live in typed arrays: a lookup allocates nothing.
 * Simplification: no paging-structure caches; QEMU's IOTLB is a 1024-entry hash reset when
 * full, this one evicts the LRU way of a set.
 * @module
 */

/** Counters. */
export interface IotlbStats {
  hits: number;
  misses: number;
  fills: number;
  evictions: number;
  /** Entries dropped by invalidations. */
  invalidated: number;
  globalInvalidations: number;
  domainInvalidations: number;
  pageInvalidations: number;
}

/** Sets and ways per size class. */
export interface IotlbGeometry {
  readonly sets: readonly [number, number, number];
  readonly ways: number;
}

/** Default: 256 x 4 for 4 KiB leaves (1024 entries, QEMU's maximum), 16 x 4 for 2 MiB and 1 GiB. */
export const DEFAULT_IOTLB_GEOMETRY: IotlbGeometry = Object.freeze({ sets: [256, 16, 16] as const, ways: 4 });

/** Pages of 4 KiB per leaf of each class (level - 1). */
const SPAN = [1, 512, 262144];

/** The IOTLB of one unit. */
export class Iotlb {
  readonly stats: IotlbStats = {
    hits: 0, misses: 0, fills: 0, evictions: 0, invalidated: 0, globalInvalidations: 0, domainInvalidations: 0, pageInvalidations: 0,
  };
  /** Per entry: 1 when valid. Entry index = classOffset + set * ways + way. */
  readonly valid: Uint8Array;
  /** Domain id tag. */
  readonly did: Uint16Array;
  /** Page number tag at the class's granularity (4 KiB page number / span). */
  readonly tag: Float64Array;
  /** Physical base of the leaf. */
  readonly base: Float64Array;
  /** Combined rights: bit 0 read, bit 1 write. */
  readonly rights: Uint8Array;
  private readonly stamp: Float64Array;
  private readonly offsets: [number, number, number];
  private readonly masks: [number, number, number];
  private readonly ways: number;
  private readonly mask0: number;
  private clock = 0;
  private count = 0;

  constructor(readonly geometry: IotlbGeometry = DEFAULT_IOTLB_GEOMETRY) {
    const w = geometry.ways;
    const [s0, s1, s2] = geometry.sets;
    for (const s of geometry.sets) {
      if (!Number.isInteger(s) || s < 1 || (s & (s - 1)) !== 0) throw new RangeError(`IOTLB sets must be powers of two, got ${s}`);
    }
    const n = (s0 + s1 + s2) * w;
    this.ways = w;
    this.offsets = [0, s0 * w, (s0 + s1) * w];
    this.masks = [s0 - 1, s1 - 1, s2 - 1];
    this.mask0 = s0 - 1;
    this.valid = new Uint8Array(n);
    this.did = new Uint16Array(n);
    this.tag = new Float64Array(n);
    this.base = new Float64Array(n);
    this.rights = new Uint8Array(n);
    this.stamp = new Float64Array(n);
  }

  /** Number of valid entries. */
  get size(): number {
    return this.count;
  }

  /**
   * The hot path: looks up `vpn` among the 4 KiB entries only; a hit is counted, a miss is not
   * (follow it with {@link lookup}, which counts it).
   * @returns the entry index, or -1
   */
  lookup4k(did: number, vpn: number): number {
    const w = this.ways;
    const first = ((vpn ^ (vpn >>> 9) ^ (vpn >>> 18) ^ (did * 40503)) & this.mask0) * w;
    const valid = this.valid;
    const tags = this.tag;
    for (let i = first; i < first + w; i++) {
      if (valid[i] === 1 && tags[i] === vpn && this.did[i] === did) {
        this.stamp[i] = ++this.clock;
        this.stats.hits++;
        return i;
      }
    }
    return -1;
  }

  /**
   * Looks up 4 KiB page `vpn` of domain `did` in every class.
   * @returns the entry index, or -1 (counted as a hit or a miss)
   */
  lookup(did: number, vpn: number): number {
    const w = this.ways;
    for (let c = 0; c < 3; c++) {
      const tag = c === 0 ? vpn : Math.floor(vpn / SPAN[c]!);
      const first = this.offsets[c]! + ((tag ^ (tag >>> 9) ^ (tag >>> 18) ^ (did * 40503)) & this.masks[c]!) * w;
      for (let i = first; i < first + w; i++) {
        if (this.valid[i] === 1 && this.tag[i] === tag && this.did[i] === did) {
          this.stamp[i] = ++this.clock;
          this.stats.hits++;
          return i;
        }
      }
    }
    this.stats.misses++;
    return -1;
  }

  /** Leaf level (1..3) of entry `i`. */
  levelOf(i: number): number {
    return i >= this.offsets[2] ? 3 : i >= this.offsets[1] ? 2 : 1;
  }

  /** The physical address of byte `offset` of page `vpn` through entry `i`. */
  physical(i: number, vpn: number, offset: number): number {
    const level = this.levelOf(i);
    return this.base[i]! + (level === 1 ? 0 : (vpn % SPAN[level - 1]!) * 4096) + offset;
  }

  /** Caches a leaf of `level` (1..3) at physical `base` for page `vpn` of domain `did`. @returns its index */
  fill(did: number, vpn: number, level: number, base: number, rights: number): number {
    const c = level - 1;
    const tag = c === 0 ? vpn : Math.floor(vpn / SPAN[c]!);
    const w = this.ways;
    const first = this.offsets[c]! + ((tag ^ (tag >>> 9) ^ (tag >>> 18) ^ (did * 40503)) & this.masks[c]!) * w;
    let victim = first;
    for (let i = first; i < first + w; i++) {
      if (this.valid[i] === 1 && this.tag[i] === tag && this.did[i] === did) { victim = i; break; }
      if (this.valid[i] === 0) { if (this.valid[victim] === 1) victim = i; continue; }
      if (this.valid[victim] === 1 && this.stamp[i]! < this.stamp[victim]!) victim = i;
    }
    if (this.valid[victim] === 1) {
      if (!(this.tag[victim] === tag && this.did[victim] === did)) this.stats.evictions++;
    } else {
      this.count++;
    }
    this.valid[victim] = 1;
    this.did[victim] = did;
    this.tag[victim] = tag;
    this.base[victim] = base;
    this.rights[victim] = rights;
    this.stamp[victim] = ++this.clock;
    this.stats.fills++;
    return victim;
  }

  /** Drops entry `i`. */
  drop(i: number): void {
    if (this.valid[i] === 1) {
      this.valid[i] = 0;
      this.count--;
      this.stats.invalidated++;
    }
  }

  /** Global invalidation. */
  invalidateAll(): void {
    this.stats.globalInvalidations++;
    this.stats.invalidated += this.count;
    this.valid.fill(0);
    this.count = 0;
  }

  /** Domain-selective invalidation. */
  invalidateDomain(did: number): void {
    this.stats.domainInvalidations++;
    for (let i = 0; i < this.valid.length; i++) if (this.valid[i] === 1 && this.did[i] === did) this.drop(i);
  }

  /**
   * Page-selective invalidation of domain `did`: the 2^am 4 KiB pages from page `vpn` (aligned
   * down to 2^am), and every large leaf overlapping them.
   */
  invalidatePages(did: number, vpn: number, am: number): void {
    this.stats.pageInvalidations++;
    const n = 2 ** am;
    const first = vpn - (vpn % n);
    for (let i = 0; i < this.valid.length; i++) {
      if (this.valid[i] !== 1 || this.did[i] !== did) continue;
      const span = SPAN[this.levelOf(i) - 1]!;
      const start = this.tag[i]! * span;
      if (start < first + n && first < start + span) this.drop(i);
    }
  }
}
