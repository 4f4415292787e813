/**
 * The context cache: decoded context entries by source id, filled by the walk and kept,
 * stale or not, until software invalidates them through CCMD (global, domain-selective or
 * device-selective with a function mask), as VT-d §6.5.1 requires. Only present, valid
 * entries are cached (CAP.CM = 0: no caching of not-present entries).
 * Simplification: one slot per source id (65536), so no capacity evictions.
 * @module
 */

/** Counters. */
export interface ContextCacheStats {
  hits: number;
  misses: number;
  /** Entries dropped by invalidations. */
  invalidated: number;
  /** Invalidation commands by granularity. */
  globalInvalidations: number;
  domainInvalidations: number;
  deviceInvalidations: number;
}

const SIDS = 65536;

/** Cached context entries, by source id. */
export class ContextCache {
  readonly stats: ContextCacheStats = { hits: 0, misses: 0, invalidated: 0, globalInvalidations: 0, domainInvalidations: 0, deviceInvalidations: 0 };
  /** 1 when the slot holds an entry. */
  readonly valid = new Uint8Array(SIDS);
  /** Second-level table pointer. */
  readonly table = new Float64Array(SIDS);
  /** Second-level levels (3 or 4). */
  readonly levels = new Uint8Array(SIDS);
  /** Domain id. */
  readonly domain = new Uint16Array(SIDS);
  /** Translation type. */
  readonly tt = new Uint8Array(SIDS);
  /** 1 when FPD is set. */
  readonly fpd = new Uint8Array(SIDS);
  private count = 0;

  /** Number of cached entries. */
  get size(): number {
    return this.count;
  }

  /** Caches a decoded entry for `sid`. */
  fill(sid: number, table: number, levels: number, domain: number, tt: number, fpd: boolean): void {
    if (this.valid[sid] === 0) this.count++;
    this.valid[sid] = 1;
    this.table[sid] = table;
    this.levels[sid] = levels;
    this.domain[sid] = domain;
    this.tt[sid] = tt;
    this.fpd[sid] = fpd ? 1 : 0;
  }

  /** Drops everything. */
  invalidateAll(): void {
    this.stats.globalInvalidations++;
    this.stats.invalidated += this.count;
    this.valid.fill(0);
    this.count = 0;
  }

  /** Drops the entries of domain `did`. */
  invalidateDomain(did: number): void {
    this.stats.domainInvalidations++;
    this.dropWhere((sid) => this.domain[sid] === did);
  }

  /**
   * Drops the entries of source `sid` (in domain `did`); `fm` masks the low 1..3 function bits
   * (CCMD.FM: 0 none, 1 bit 2, 2 bits 2:1, 3 bits 2:0).
   */
  invalidateDevice(did: number, sid: number, fm: number): void {
    this.stats.deviceInvalidations++;
    const mask = fm === 0 ? 0xffff : fm === 1 ? 0xfffb : fm === 2 ? 0xfff9 : 0xfff8;
    this.dropWhere((s) => (s & mask) === (sid & mask) && this.domain[s] === did);
  }

  private dropWhere(pred: (sid: number) => boolean): void {
    if (this.count === 0) return;
    for (let s = 0; s < SIDS; s++) {
      if (this.valid[s] === 1 && pred(s)) {
        this.valid[s] = 0;
        this.count--;
        this.stats.invalidated++;
      }
    }
  }
}
