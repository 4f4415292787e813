/**
 * A block-like PCI device with a descriptor ring in memory (in the spirit of virtio-blk and
 * NVMe, with a layout of our own): the driver writes 32-byte descriptors into a ring of
 * `entries` slots at a device address, then rings the doorbell with the new tail; the device
 * fetches each descriptor by DMA, moves the data between its sectors and the buffer by DMA, and
 * writes the status back into the descriptor by DMA. Every access goes through the IOMMU, so a
 * ring or a buffer the driver did not map blocks and faults.
 *
 * Descriptor (little-endian): 0 u64 buffer device address, 8 u64 sector, 16 u32 length,
 * 20 u16 op (0 read from the device into memory, 1 write memory to the device),
 * 22 u16 status (written by the device: 1 done, 2 a DMA was blocked, 3 bad descriptor), 24..31 reserved.
 * @module
 */
import { KernelSimError } from '../../util/errors.js';
import type { DmaBus } from './dma-bus.js';
import { PciDevice, type PciDeviceOptions } from './pci-device.js';
import type { PciLocation } from './pci-location.js';

/** Bytes per descriptor. */
export const BLOCK_DESCRIPTOR_SIZE = 32;
/** Bytes per sector. */
export const SECTOR_SIZE = 512;
/** Descriptor ops. */
export const BlockOp = Object.freeze({ Read: 0, Write: 1 } as const);
/** Descriptor status values. */
export const BlockStatus = Object.freeze({ Pending: 0, Done: 1, DmaBlocked: 2, BadDescriptor: 3 } as const);

/** A block device driven wrongly (doorbell before the ring is set, tail out of range). */
export class BlockDeviceError extends KernelSimError {
  constructor(readonly device: string, readonly reason: string) {
    super(`block device ${device}: ${reason}`);
  }
}

/** Counters of the block device. */
export interface BlockDeviceStats {
  completed: number;
  /** Descriptors whose fetch was blocked (processing stops there). */
  fetchBlocked: number;
  /** Descriptors whose data transfer was blocked. */
  dataBlocked: number;
  badDescriptors: number;
}

/** A descriptor-ring block device. */
export class BlockDevice extends PciDevice {
  readonly blockStats: BlockDeviceStats = { completed: 0, fetchBlocked: 0, dataBlocked: 0, badDescriptors: 0 };
  /** Sector contents written so far (absent sectors read as zeros). */
  readonly sectors = new Map<number, Uint8Array>();
  private ring = -1;
  private entries = 0;
  private head = 0;

  /** @param capacitySectors size of the device in sectors */
  constructor(location: PciLocation, bus: DmaBus, readonly capacitySectors = 1 << 20, opts: PciDeviceOptions = {}) {
    super(location, bus, opts);
  }

  /** Index of the next descriptor the device will fetch. */
  get ringHead(): number {
    return this.head;
  }

  /** Sets the ring's device address and size (a register write on a real device). */
  configureRing(deviceAddress: number, entries: number): void {
    if (!Number.isInteger(entries) || entries < 1 || entries > 65536) throw new BlockDeviceError(this.name, `ring size ${entries} is not in 1..65536`);
    if (!Number.isInteger(deviceAddress) || deviceAddress < 0 || deviceAddress % BLOCK_DESCRIPTOR_SIZE !== 0) {
      throw new BlockDeviceError(this.name, `ring address ${deviceAddress} is not a ${BLOCK_DESCRIPTOR_SIZE}-byte aligned device address`);
    }
    this.ring = deviceAddress;
    this.entries = entries;
    this.head = 0;
  }

  /**
   * The doorbell: processes descriptors from the head up to (not including) `tail`.
   * @returns descriptors completed by this call
   */
  notify(tail: number): number {
    if (this.ring < 0) throw new BlockDeviceError(this.name, 'doorbell rung before the ring was configured');
    if (!Number.isInteger(tail) || tail < 0 || tail >= this.entries) throw new BlockDeviceError(this.name, `tail ${tail} is not in 0..${this.entries - 1}`);
    let done = 0;
    while (this.head !== tail) {
      const at = this.ring + this.head * BLOCK_DESCRIPTOR_SIZE;
      const d = this.dmaRead(at, BLOCK_DESCRIPTOR_SIZE);
      if (!d.ok) {
        this.blockStats.fetchBlocked++;
        break; // the device cannot see the ring: it stops
      }
      const v = new DataView(d.data!.buffer, d.data!.byteOffset, BLOCK_DESCRIPTOR_SIZE);
      const status = this.execute(v);
      const s = new Uint8Array(2);
      new DataView(s.buffer).setUint16(0, status, true);
      this.dmaWrite(at + 22, s);
      if (status === BlockStatus.Done) this.blockStats.completed++;
      done++;
      this.head = (this.head + 1) % this.entries;
    }
    return done;
  }

  private execute(v: DataView): number {
    const buf = Number(v.getBigUint64(0, true));
    const sector = Number(v.getBigUint64(8, true));
    const len = v.getUint32(16, true);
    const op = v.getUint16(20, true);
    if ((op !== BlockOp.Read && op !== BlockOp.Write) || len === 0 || len % SECTOR_SIZE !== 0
      || sector + len / SECTOR_SIZE > this.capacitySectors || !Number.isSafeInteger(buf)) {
      this.blockStats.badDescriptors++;
      return BlockStatus.BadDescriptor;
    }
    const n = len / SECTOR_SIZE;
    if (op === BlockOp.Read) {
      const data = new Uint8Array(len);
      for (let i = 0; i < n; i++) {
        const s = this.sectors.get(sector + i);
        if (s) data.set(s, i * SECTOR_SIZE);
      }
      if (!this.dmaWrite(buf, data).ok) {
        this.blockStats.dataBlocked++;
        return BlockStatus.DmaBlocked;
      }
    } else {
      const r = this.dmaRead(buf, len);
      if (!r.ok) {
        this.blockStats.dataBlocked++;
        return BlockStatus.DmaBlocked;
      }
      for (let i = 0; i < n; i++) this.sectors.set(sector + i, r.data!.slice(i * SECTOR_SIZE, (i + 1) * SECTOR_SIZE));
    }
    return BlockStatus.Done;
  }
}

/** Encodes a descriptor (what a driver writes into the ring). */
export function encodeBlockDescriptor(d: { buffer: number; sector: number; length: number; op: number }): Uint8Array {
  const b = new Uint8Array(BLOCK_DESCRIPTOR_SIZE);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(d.buffer), true);
  v.setBigUint64(8, BigInt(d.sector), true);
  v.setUint32(16, d.length, true);
  v.setUint16(20, d.op, true);
  return b;
}

/** The status field of a descriptor's bytes. */
export function blockDescriptorStatus(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(22, true);
}
