/**
 * The path from PCI devices to memory: each device's requests go through the remapping unit
 * whose DMAR scope covers it (an endpoint scope naming it, else its segment's INCLUDE_PCI_ALL
 * unit), or straight to RAM when no unit covers it. Transfers are split at 4 KiB boundaries
 * and each page is translated on its own; the first blocked page ends the transfer (a write's
 * later bytes are dropped, a read returns what it got), as a device aborts on an unsupported
 * request completion. RAM is reached through the CPU cache model when there is one, so
 * snooping matters (cpu-cache.ts).
 * Each page piece charges {@link DmaBusStats.cycles}: a request and its payload lines
 * (`iommu/dma-cost-model.ts`); the translation's own cycles are the unit's.
 * Simplification: no PCI bridges, so only one-hop scope paths (a device on the scope's start
 * bus) are resolved; a sub-hierarchy scope covers the bridge function it names, not buses behind it.
 * @module
 */
import type { PhysicalMemory } from '../physical-memory.js';
import type { CpuCache } from '../cache/cpu-cache.js';
import type { DmaRemappingUnit } from '../iommu/dma-remapping-unit.js';
import { DEFAULT_DMA_COST_MODEL, type DmaCostModel } from '../iommu/dma-cost-model.js';
import type { DeviceScope, Drhd } from '../acpi/dmar-table.js';
import type { PciLocation } from './pci-location.js';

/** The outcome of one DMA transfer. */
export interface DmaResult {
  /** True when every byte was transferred. */
  readonly ok: boolean;
  /** Bytes transferred before the end or the block. */
  readonly bytes: number;
  /** The bytes read (reads only; `bytes` long). */
  readonly data?: Uint8Array;
  /** The device address whose page was blocked, when not ok. */
  readonly blockedAt?: number;
  /** The fault reason (1..0xD) of the block; 0 when blocked because the target is not RAM. */
  readonly reason?: number;
  /** The unit that answered (null: none covers the device). */
  readonly unit: string | null;
}

/** Counters of the bus. */
export interface DmaBusStats {
  reads: number;
  writes: number;
  bytesRead: number;
  bytesWritten: number;
  /** Transfers ended by a blocked page. */
  blocked: number;
  /** Transfers ended because the (translated) address is not RAM. */
  masterAborts: number;
  /** Requests that reached memory with no remapping unit covering the device. */
  unremapped: number;
  /** Simulated cycles of the devices' memory requests and payload (`dma-cost-model.ts`). */
  cycles: number;
}

interface Route {
  readonly unit: DmaRemappingUnit;
  readonly drhd: Drhd;
}

/** Routes device DMA through the remapping units. */
export class DmaBus {
  readonly stats: DmaBusStats = { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0, blocked: 0, masterAborts: 0, unremapped: 0, cycles: 0 };
  private readonly routes: Route[] = [];

  /**
   * @param cache the CPU cache device accesses must be coherent with (null: none modelled)
   * @param costs the cycles charged per request and per 64-byte line
   */
  constructor(readonly memory: PhysicalMemory, readonly cache: CpuCache | null = null, readonly costs: DmaCostModel = DEFAULT_DMA_COST_MODEL) {}

  /** Adds a unit with the DRHD that describes its scope. */
  attach(unit: DmaRemappingUnit, drhd: Drhd): void {
    this.routes.push({ unit, drhd });
  }

  /** The units in attach order. */
  get units(): readonly DmaRemappingUnit[] {
    return this.routes.map((r) => r.unit);
  }

  /** The unit covering `loc` (segment 0), or null. */
  unitFor(loc: PciLocation): DmaRemappingUnit | null {
    for (const r of this.routes) {
      if (r.drhd.segment === 0 && !r.drhd.includePciAll && r.drhd.scopes.some((s) => scopeCovers(s, loc))) return r.unit;
    }
    for (const r of this.routes) if (r.drhd.segment === 0 && r.drhd.includePciAll) return r.unit;
    return null;
  }

  /** A device's read of `len` bytes at device address `addr`. */
  read(loc: PciLocation, addr: number, len: number, snoop = false): DmaResult {
    this.stats.reads++;
    const unit = this.unitFor(loc);
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const n = Math.min(4096 - (a % 4096), len - done);
      const p = this.target(unit, loc, a, false, n);
      if (p < 0 || !this.memory.ram.contains(p, n)) {
        return this.fail(out.subarray(0, done), done, a, p < 0 ? -p : 0, unit);
      }
      out.set(this.cache ? this.cache.deviceRead(p, n, snoop) : this.memory.readBytes(p, n), done);
      done += n;
    }
    this.stats.bytesRead += len;
    return { ok: true, bytes: len, data: out, unit: unit?.name ?? null };
  }

  /** A device's write of `data` at device address `addr`. */
  write(loc: PciLocation, addr: number, data: Uint8Array, snoop = false): DmaResult {
    this.stats.writes++;
    const unit = this.unitFor(loc);
    let done = 0;
    while (done < data.length) {
      const a = addr + done;
      const n = Math.min(4096 - (a % 4096), data.length - done);
      const p = this.target(unit, loc, a, true, n);
      if (p < 0 || !this.memory.ram.contains(p, n)) return this.fail(undefined, done, a, p < 0 ? -p : 0, unit);
      const piece = data.subarray(done, done + n);
      if (this.cache) this.cache.deviceWrite(p, piece, snoop);
      else this.memory.writeBytes(p, piece);
      this.stats.bytesWritten += n;
      done += n;
    }
    return { ok: true, bytes: data.length, unit: unit?.name ?? null };
  }

  // One page piece of `n` bytes: its request and payload cycles, then its translation.
  private target(unit: DmaRemappingUnit | null, loc: PciLocation, addr: number, write: boolean, n: number): number {
    this.stats.cycles += this.costs.dmaRequest + Math.ceil(n / 64) * this.costs.dmaLine;
    if (unit === null) {
      this.stats.unremapped++;
      return addr;
    }
    return unit.paddrOf(loc.sourceId, addr, write);
  }

  private fail(data: Uint8Array | undefined, done: number, at: number, reason: number, unit: DmaRemappingUnit | null): DmaResult {
    if (reason === 0) this.stats.masterAborts++;
    else this.stats.blocked++;
    return { ok: false, bytes: done, ...(data ? { data } : {}), blockedAt: at, reason, unit: unit?.name ?? null };
  }
}

/** True when a device scope (one-hop path) names `loc`. */
export function scopeCovers(s: DeviceScope, loc: PciLocation): boolean {
  if (s.type !== 1 && s.type !== 2) return false;
  if (s.path.length !== 1) return false;
  const p = s.path[0]!;
  return s.startBus === loc.bus && p.device === loc.device && p.fn === loc.fn;
}

