/**
 * `ContextTable` (FG5.1; 232e62b `arch/x86/iommu/context_table.rs`): one frame of 256 context
 * entries (by devfn) and the device page tables they point to, keyed by root paddr
 * (`page_tables: BTreeMap<Paddr, PageTable<DeviceMode>>`).
 *
 * FPD-01 (kernel-sim's ID): `get_or_create_page_table` writes `address | 3` at 232e62b, which
 * sets FPD as well as P, so the unit records no qualified fault of that device; fixed `| 1`.
 *
 * DID-01 (kernel-sim's ID): the entry it writes carries DID 0, as every other entry of 232e62b.
 * The unit tags IOTLB entries by DID, so with per-device tables (the MOI-02 fix) a device hits
 * another device's cached translations. Fixed: each table it makes gets a domain id of its own
 * ({@link IommuKernel.allocDomainId}); the shared table `specify_device_page_table` installs keeps 0.
 * @module
 */
import { hex } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { Frame } from '../handles/index.js';
import { DeviceMode, PageTable } from '../page-table/index.js';
import { mapDevicePage, unmapDevicePage } from './device-page-table.js';
import { contextEntry, contextEntryFields, readEntry, writeEntry, type ContextEntryFields } from './entries.js';
import { InvalidDeviceIdError } from './errors.js';
import type { IommuKernel } from './iommu-kernel.js';
import { devfnOf, formatLocation, type PciDeviceLocation } from './pci-device-location.js';

/** A context table: 256 entries indexed by devfn. */
export class ContextTable {
  /** `page_tables`. */
  readonly pageTables = new Map<number, PageTable>();

  private constructor(
    readonly k: IommuKernel,
    /** `entries_frame`: 32 devices x 8 functions, 16 bytes each. */
    readonly entriesFrame: Frame,
  ) {}

  /** `ContextTable::new()`: a zeroed frame. */
  static new(k: IommuKernel): ContextTable {
    return new ContextTable(k, k.allocFrame('ContextTable::new'));
  }

  /** `paddr()`. */
  paddr(): number {
    return this.entriesFrame.startPaddr();
  }

  /** The context entry of `device` (`read_val::<ContextEntry>(devfn * 16)`). */
  entry(device: PciDeviceLocation): ContextEntryFields {
    return contextEntryFields(readEntry(this.k.memory, this.paddr(), this.index('ContextTable::read_val', device)));
  }

  /** Writes the context entry of `device` to point at `pt` (P, AW 3-level, domain `did`). */
  writeEntry(device: PciDeviceLocation, pt: PageTable, fpd: boolean, did = 0): void {
    writeEntry(this.k.memory, this.paddr(), this.index('ContextTable::write_val', device), contextEntry(pt.rootPaddr(), fpd, did));
  }

  /**
   * `get_or_create_page_table(device)`: the device's page table; a new empty one (and its
   * context entry) when the entry is not present.
   * @throws KernelPanic when a present entry points at no table this context table holds
   *   (`get_mut(..).unwrap()` on None: the entry was written by someone else, e.g. a device).
   */
  getOrCreatePageTable(device: PciDeviceLocation): PageTable {
    const e = this.entry(device);
    if (!e.present) {
      const table = PageTable.empty(this.k.ptCtx, DeviceMode);
      this.pageTables.set(table.rootPaddr(), table);
      const did = this.k.bugs.has('DID-01') ? 0 : this.k.allocDomainId('ContextTable::get_or_create_page_table');
      this.writeEntry(device, table, this.k.bugs.has('FPD-01'), did);
      return table;
    }
    const t = this.pageTables.get(e.slptptr);
    if (t === undefined) throw new KernelPanic('ContextTable::get_or_create_page_table', `context entry of ${formatLocation(device)} points at ${hex(e.slptptr)}, no page table of this context table (page_tables.get_mut(..).unwrap() on None)`);
    return t;
  }

  /**
   * `map(device, daddr, paddr)`: one 4 KiB page, RW, uncacheable.
   * @throws InvalidDeviceIdError (device >= 32 or function >= 8); KernelPanic where 232e62b unwraps
   */
  map(device: PciDeviceLocation, daddr: number, paddr: number): void {
    this.checkDevice('ContextTable::map', device);
    mapDevicePage('ContextTable::map', this.getOrCreatePageTable(device), daddr, paddr);
  }

  /** `unmap(device, daddr)`. @throws as {@link map} */
  unmap(device: PciDeviceLocation, daddr: number): void {
    this.checkDevice('ContextTable::unmap', device);
    unmapDevicePage('ContextTable::unmap', this.getOrCreatePageTable(device), daddr);
  }

  /** `device.device >= 32 || device.function >= 8` → InvalidDeviceId. */
  checkDevice(fn: string, device: PciDeviceLocation): void {
    if (!(device.device >= 0 && device.device < 32 && Number.isInteger(device.device))) throw new InvalidDeviceIdError(fn, device, 'device');
    if (!(device.function >= 0 && device.function < 8 && Number.isInteger(device.function))) throw new InvalidDeviceIdError(fn, device, 'function');
  }

  private index(fn: string, device: PciDeviceLocation): number {
    const i = devfnOf(device);
    // Frame::read_val / write_val bound-check the offset; 232e62b unwraps the result.
    if (!Number.isInteger(i) || i < 0 || i >= 256) throw new KernelPanic(fn, `offset ${i * 16} of ${formatLocation(device)} is outside the context table frame (.unwrap() on Err)`);
    return i;
  }
}
