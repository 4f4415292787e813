/**
 * A CPU data cache with write-back lines, only as much as DMA coherence needs (one cache for
 * the machine; no levels, no MESI between CPUs). Write-back (WB) CPU accesses go through it:
 * a read fills a clean line from RAM, a write fills the line and makes it dirty; uncached (UC)
 * accesses bypass it. `clflush` writes one line back (if dirty) and drops it; `wbinvd` does that
 * for every line. Evictions (LRU, `capacityLines`) write dirty lines back too.
 *
 * Devices reach RAM around it: a non-snooping device's write changes RAM under a cached line,
 * so the CPU keeps reading the old bytes, and when a dirty line is written back the device's
 * bytes are overwritten — the loss DME-01 is about. The cache counts both. A snooping device's
 * accesses are coherent: its reads see dirty lines, its writes write dirty lines back first and
 * then drop them.
 * Simplifications: x86 has no invalidate-without-write-back for software (INVD aside), so
 * none is offered; UC accesses do not snoop lines left from earlier WB use (software must
 * flush when it changes a page's type).
 * @module
 */
import type { PhysicalMemory } from '../physical-memory.js';
import type { MemoryType } from './memory-type.js';

/** Bytes per cache line. */
export const CACHE_LINE_SIZE = 64;

/** Counters. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Dirty lines written to RAM (flushes, wbinvd, evictions, snoops). */
  writeBacks: number;
  evictions: number;
  clflushes: number;
  wbinvds: number;
  /** CPU accesses that bypassed the cache (UC). */
  uncached: number;
  /** Write-backs that overwrote bytes a device had written to RAM under the line. */
  lostDeviceWrites: number;
  /** Device-written bytes overwritten by those write-backs. */
  lostDeviceBytes: number;
  /** CPU-read bytes that came from a line older than a device's write to RAM. */
  staleBytesRead: number;
}

interface Line {
  readonly data: Uint8Array;
  dirty: boolean;
  /** Bytes a non-snooping device wrote to RAM since the line was filled (null: none). */
  deviceMask: Uint8Array | null;
}

/** Options of a {@link CpuCache}. */
export interface CpuCacheOptions {
  /** Lines held before LRU eviction (default 32768: 2 MiB). */
  readonly capacityLines?: number;
}

/** The machine's CPU cache. */
export class CpuCache {
  readonly stats: CacheStats = {
    hits: 0, misses: 0, writeBacks: 0, evictions: 0, clflushes: 0, wbinvds: 0, uncached: 0, lostDeviceWrites: 0, lostDeviceBytes: 0, staleBytesRead: 0,
  };
  readonly capacityLines: number;
  private readonly lines = new Map<number, Line>();

  constructor(readonly memory: PhysicalMemory, opts: CpuCacheOptions = {}) {
    const cap = opts.capacityLines ?? 32768;
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`cache capacity ${cap} is not a positive number of lines`);
    this.capacityLines = cap;
  }

  /** Number of lines held. */
  get size(): number {
    return this.lines.size;
  }

  /** Number of dirty lines. */
  get dirtyLines(): number {
    let n = 0;
    for (const l of this.lines.values()) if (l.dirty) n++;
    return n;
  }

  /** True when the line holding `addr` is cached (and dirty, when asked). */
  holds(addr: number, dirty = false): boolean {
    const l = this.lines.get(Math.floor(addr / CACHE_LINE_SIZE));
    return l !== undefined && (!dirty || l.dirty);
  }

  /** A CPU read of `len` bytes at physical `addr` with memory type `type`. */
  readBytes(addr: number, len: number, type: MemoryType = 'WB'): Uint8Array {
    if (type === 'UC') {
      this.stats.uncached++;
      return this.memory.readBytes(addr, len);
    }
    const out = new Uint8Array(len);
    this.forEachLine(addr, len, (line, off, n, at) => {
      const l = this.line(line, true);
      out.set(l.data.subarray(off, off + n), at);
      if (l.deviceMask) for (let i = off; i < off + n; i++) this.stats.staleBytesRead += l.deviceMask[i]!;
    });
    return out;
  }

  /** A CPU write of `data` at physical `addr` with memory type `type`. */
  writeBytes(addr: number, data: Uint8Array, type: MemoryType = 'WB'): void {
    if (type === 'UC') {
      this.stats.uncached++;
      this.memory.writeBytes(addr, data);
      return;
    }
    // Check the whole range first so a fault leaves no line half-written.
    if (data.length > 0) this.memory.readU8(addr + data.length - 1);
    this.forEachLine(addr, data.length, (line, off, n, at) => {
      const l = this.line(line, true);
      l.data.set(data.subarray(at, at + n), off);
      l.dirty = true;
    });
  }

  /** CLFLUSH: writes the line holding `addr` back if dirty, and drops it. */
  clflush(addr: number): void {
    this.stats.clflushes++;
    const line = Math.floor(addr / CACHE_LINE_SIZE);
    const l = this.lines.get(line);
    if (!l) return;
    this.writeBack(line, l);
    this.lines.delete(line);
  }

  /** CLFLUSH of every line overlapping [addr, addr+len). */
  flushRange(addr: number, len: number): void {
    if (len <= 0) return;
    const first = Math.floor(addr / CACHE_LINE_SIZE);
    const last = Math.floor((addr + len - 1) / CACHE_LINE_SIZE);
    for (let line = first; line <= last; line++) this.clflush(line * CACHE_LINE_SIZE);
  }

  /** WBINVD: writes every dirty line back and drops every line. */
  wbinvd(): void {
    this.stats.wbinvds++;
    for (const [line, l] of this.lines) this.writeBack(line, l);
    this.lines.clear();
  }

  /**
   * A device's write to RAM. Snooping: dirty lines in the range are written back, then dropped,
   * then RAM is written (coherent). Non-snooping: RAM is written and cached lines keep their
   * (now stale) bytes.
   */
  deviceWrite(addr: number, data: Uint8Array, snoop: boolean): void {
    if (data.length === 0) return;
    if (snoop) {
      this.forEachCached(addr, data.length, (line, l) => {
        this.writeBack(line, l);
        this.lines.delete(line);
      });
    } else {
      this.forEachCached(addr, data.length, (line, l) => {
        const start = line * CACHE_LINE_SIZE;
        const from = Math.max(addr, start) - start;
        const to = Math.min(addr + data.length, start + CACHE_LINE_SIZE) - start;
        l.deviceMask ??= new Uint8Array(CACHE_LINE_SIZE);
        l.deviceMask.fill(1, from, to);
      });
    }
    this.memory.writeBytes(addr, data);
  }

  /** A device's read of RAM: snooping reads see dirty lines; non-snooping ones see RAM only. */
  deviceRead(addr: number, len: number, snoop: boolean): Uint8Array {
    const out = this.memory.readBytes(addr, len);
    if (snoop) {
      this.forEachCached(addr, len, (line, l) => {
        if (!l.dirty) return;
        const start = line * CACHE_LINE_SIZE;
        const from = Math.max(addr, start);
        const to = Math.min(addr + len, start + CACHE_LINE_SIZE);
        out.set(l.data.subarray(from - start, to - start), from - addr);
      });
    }
    return out;
  }

  private line(line: number, touch: boolean): Line {
    let l = this.lines.get(line);
    if (l) {
      this.stats.hits++;
      if (touch) {
        this.lines.delete(line);
        this.lines.set(line, l);
      }
      return l;
    }
    this.stats.misses++;
    l = { data: this.memory.readBytes(line * CACHE_LINE_SIZE, CACHE_LINE_SIZE), dirty: false, deviceMask: null };
    if (this.lines.size >= this.capacityLines) {
      const [victim, vl] = this.lines.entries().next().value as [number, Line];
      this.writeBack(victim, vl);
      this.lines.delete(victim);
      this.stats.evictions++;
    }
    this.lines.set(line, l);
    return l;
  }

  private writeBack(line: number, l: Line): void {
    if (!l.dirty) return;
    if (l.deviceMask) {
      let n = 0;
      for (const b of l.deviceMask) n += b;
      if (n > 0) {
        this.stats.lostDeviceWrites++;
        this.stats.lostDeviceBytes += n;
      }
      l.deviceMask = null;
    }
    this.memory.writeBytes(line * CACHE_LINE_SIZE, l.data);
    l.dirty = false;
    this.stats.writeBacks++;
  }

  private forEachLine(addr: number, len: number, fn: (line: number, off: number, n: number, at: number) => void): void {
    let at = 0;
    while (at < len) {
      const a = addr + at;
      const line = Math.floor(a / CACHE_LINE_SIZE);
      const off = a - line * CACHE_LINE_SIZE;
      const n = Math.min(CACHE_LINE_SIZE - off, len - at);
      fn(line, off, n, at);
      at += n;
    }
  }

  private forEachCached(addr: number, len: number, fn: (line: number, l: Line) => void): void {
    if (this.lines.size === 0) return;
    const first = Math.floor(addr / CACHE_LINE_SIZE);
    const last = Math.floor((addr + len - 1) / CACHE_LINE_SIZE);
    if (last - first + 1 > this.lines.size) {
      for (const [line, l] of [...this.lines]) if (line >= first && line <= last) fn(line, l);
      return;
    }
    for (let line = first; line <= last; line++) {
      const l = this.lines.get(line);
      if (l) fn(line, l);
    }
  }
}
