/**
 * A DMA-capable PCI function: it reads and writes memory by device address through the
 * {@link DmaBus} (so through the remapping unit covering it). Snooping is a property of the
 * device's requests (PCIe No-Snoop attribute clear); the default is a non-snooping device.
 * @module
 */
import type { DmaBus, DmaResult } from './dma-bus.js';
import type { PciLocation } from './pci-location.js';

/** Options of a {@link PciDevice}. */
export interface PciDeviceOptions {
  /** Name in tables (default: the location). */
  readonly name?: string;
  /** Requests snoop the CPU cache (default false). */
  readonly snoop?: boolean;
}

/** Counters of one device. */
export interface PciDeviceStats {
  reads: number;
  writes: number;
  /** Transfers that ended blocked or aborted. */
  failed: number;
}

/** A PCI function that does DMA. */
export class PciDevice {
  readonly name: string;
  readonly snoop: boolean;
  readonly stats: PciDeviceStats = { reads: 0, writes: 0, failed: 0 };
  /** Every failed transfer, in order (the device's view of its faults). */
  readonly failures: DmaResult[] = [];

  constructor(readonly location: PciLocation, readonly bus: DmaBus, opts: PciDeviceOptions = {}) {
    this.name = opts.name ?? location.toString();
    this.snoop = opts.snoop ?? false;
  }

  /** The source id of the device's requests. */
  get sourceId(): number {
    return this.location.sourceId;
  }

  /** Reads `len` bytes at device address `addr`. */
  dmaRead(addr: number, len: number): DmaResult {
    this.stats.reads++;
    return this.note(this.bus.read(this.location, addr, len, this.snoop));
  }

  /** Writes `data` at device address `addr`. */
  dmaWrite(addr: number, data: Uint8Array): DmaResult {
    this.stats.writes++;
    return this.note(this.bus.write(this.location, addr, data, this.snoop));
  }

  private note(r: DmaResult): DmaResult {
    if (!r.ok) {
      this.stats.failed++;
      this.failures.push(r);
    }
    return r;
  }
}
