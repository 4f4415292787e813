/**
 * `RootTable` (FG5.2; 232e62b `arch/x86/iommu/context_table.rs`): one frame of 256 root entries
 * (by bus) and the context tables they point to (`context_tables: BTreeMap<Paddr, ContextTable>`).
 *
 * Switches:
 * - CON-04: audited, `map` / `unmap` check device and function only; an out-of-range bus then
 *   reaches `read_val` at `bus * 16`, past the frame, and the `unwrap()` panics. Fixed: the bus
 *   is checked too, an {@link InvalidDeviceIdError} naming it.
 * - CON-02: audited, `specify_device_page_table` over a present entry warns and overwrites; the
 *   old table stays in `page_tables`, unreachable from any entry, with its nodes. Fixed: the old
 *   table is taken out and given back (`release-table.ts`). A table under the same root paddr
 *   replaces its predecessor in the map in both (Rust drops the value `insert` returns).
 * - CON-01: {@link RootTable.drop}. Audited, Rust's drop glue over `Frame`-typed tables: the
 *   device page tables go through `PageTablePageMeta::on_drop`, which panics when they still map
 *   pages. Fixed (specialised metadata): every mapping is cleared and every sub-table and frame freed.
 * - CON-03 is code-level (see `bugs/finding-id.ts`): no switch.
 * @module
 */
import { hex } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { Frame } from '../handles/index.js';
import type { PageTable } from '../page-table/index.js';
import { ContextTable } from './context-table.js';
import { entryAddr, entryPresent, readEntry, rootEntry, writeEntry } from './entries.js';
import { InvalidDeviceIdError } from './errors.js';
import type { IommuKernel } from './iommu-kernel.js';
import { formatLocation, type PciDeviceLocation } from './pci-device-location.js';
import { dropAsRust, handlesPerRoot, releaseTables } from './release-table.js';
import { mapDevicePage, unmapDevicePage } from './device-page-table.js';

/** The root table. */
export class RootTable {
  /** `context_tables`. */
  readonly contextTables = new Map<number, ContextTable>();
  private live = true;

  private constructor(
    readonly k: IommuKernel,
    /** `root_frame`: 256 buses, 16 bytes each. */
    readonly rootFrame: Frame,
  ) {}

  /** `RootTable::new()`. */
  static new(k: IommuKernel): RootTable {
    return new RootTable(k, k.allocFrame('RootTable::new'));
  }

  /** `paddr()`: what RTADDR is set to. */
  paddr(): number {
    return this.rootFrame.startPaddr();
  }

  /**
   * `map(device, daddr, paddr)`: maps a page in `device`'s page table.
   * @throws InvalidDeviceIdError; KernelPanic where 232e62b unwraps; IommuError for a double map
   */
  map(device: PciDeviceLocation, daddr: number, paddr: number): void {
    this.checkDevice('RootTable::map', device);
    const ct = this.getOrCreateContextTable(device);
    ct.checkDevice('ContextTable::map', device);
    mapDevicePage('ContextTable::map', ct.getOrCreatePageTable(device), daddr, paddr);
  }

  /** `unmap(device, daddr)`. @throws as {@link map}; IommuError for what is not mapped */
  unmap(device: PciDeviceLocation, daddr: number): void {
    this.checkDevice('RootTable::unmap', device);
    const ct = this.getOrCreateContextTable(device);
    ct.checkDevice('ContextTable::unmap', device);
    unmapDevicePage('ContextTable::unmap', ct.getOrCreatePageTable(device), daddr);
  }

  /** The domain id (DID) of `device`'s context entry, as the unit tags its IOTLB entries (0 when absent). */
  domainOf(device: PciDeviceLocation): number {
    const e = readEntry(this.k.memory, this.paddr(), device.bus);
    if (!entryPresent(e)) return 0;
    const ct = this.contextTables.get(entryAddr(e));
    return ct === undefined ? 0 : ct.entry(device).did;
  }

  /**
   * `get_or_create_context_table(device_id)`: the bus's context table; a new one (and its root
   * entry) when the entry is not present.
   * @throws KernelPanic for a bus past the frame (`read_val(..).unwrap()`), or a present entry
   *   pointing at no context table of this root table
   */
  getOrCreateContextTable(device: PciDeviceLocation): ContextTable {
    const bus = device.bus;
    if (!Number.isInteger(bus) || bus < 0 || bus > 255) {
      throw new KernelPanic('RootTable::get_or_create_context_table', `read_val::<RootEntry>(${Number(bus) * 16}) past the root frame for bus ${bus} of ${formatLocation(device)} (.unwrap() on Err)`);
    }
    const e = readEntry(this.k.memory, this.paddr(), bus);
    if (!entryPresent(e)) {
      const table = ContextTable.new(this.k);
      this.contextTables.set(table.paddr(), table);
      writeEntry(this.k.memory, this.paddr(), bus, rootEntry(table.paddr()));
      return table;
    }
    const t = this.contextTables.get(entryAddr(e));
    if (t === undefined) throw new KernelPanic('RootTable::get_or_create_context_table', `root entry of bus ${bus} points at ${hex(entryAddr(e))}, no context table of this root table (get_mut(..).unwrap() on None)`);
    return t;
  }

  /**
   * `specify_device_page_table(device_id, page_table)`: the device's context entry points at
   * `pageTable` (P, FPD 0, AW 3-level), which the context table keeps.
   */
  specifyDevicePageTable(device: PciDeviceLocation, pageTable: PageTable): void {
    const ct = this.getOrCreateContextTable(device);
    const old = ct.entry(device);
    const address = pageTable.rootPaddr();
    if (old.present) {
      this.k.log.push(`warn: IOMMU: Overwritting the existing device page table of ${formatLocation(device)}`);
      const prev = ct.pageTables.get(old.slptptr);
      if (!this.k.bugs.has('CON-02') && prev !== undefined && old.slptptr !== address && !this.referencedElsewhere(ct, device, old.slptptr)) {
        ct.pageTables.delete(old.slptptr);
        releaseTables([prev]);
      }
    }
    const replaced = ct.pageTables.get(address);
    ct.pageTables.set(address, pageTable);
    if (replaced !== undefined && replaced !== pageTable) replaced.drop();
    ct.writeEntry(device, pageTable, false);
  }

  /**
   * CON-01's drop of the whole structure: the device page tables, the context-table frames, the
   * root frame. Afterwards the root table refuses use.
   * @throws KernelPanic (audited, nothing freed) when a device page table still maps pages
   */
  drop(): void {
    if (!this.live) throw new KernelPanic('RootTable::drop', 'dropped twice');
    const all: PageTable[] = [];
    for (const ct of this.contextTables.values()) for (const t of ct.pageTables.values()) all.push(t);
    const groups = [...handlesPerRoot(all).values()];
    if (this.k.bugs.has('CON-01')) {
      for (const g of groups) preflight(g); // every group before any drop: nothing half-done
      for (const g of groups) dropAsRust(g);
    } else {
      for (const g of groups) releaseTables(g);
    }
    for (const ct of this.contextTables.values()) {
      ct.pageTables.clear();
      ct.entriesFrame.drop();
    }
    this.contextTables.clear();
    this.rootFrame.drop();
    this.live = false;
  }

  /** True until {@link drop}. */
  get isLive(): boolean {
    return this.live;
  }

  /** Every device page table the context tables hold (a table per handle). */
  *pageTableHandles(): Generator<{ readonly bus: number; readonly table: PageTable }> {
    for (let bus = 0; bus < 256; bus++) {
      const e = readEntry(this.k.memory, this.paddr(), bus);
      if (!entryPresent(e)) continue;
      const ct = this.contextTables.get(entryAddr(e));
      if (ct === undefined) continue;
      for (const t of ct.pageTables.values()) yield { bus, table: t };
    }
  }

  private checkDevice(fn: string, device: PciDeviceLocation): void {
    if (!this.k.bugs.has('CON-04') && !(Number.isInteger(device.bus) && device.bus >= 0 && device.bus <= 255)) throw new InvalidDeviceIdError(fn, device, 'bus');
    if (!(Number.isInteger(device.device) && device.device >= 0 && device.device < 32)) throw new InvalidDeviceIdError(fn, device, 'device');
    if (!(Number.isInteger(device.function) && device.function >= 0 && device.function < 8)) throw new InvalidDeviceIdError(fn, device, 'function');
  }

  // Another entry of the same context table still points at `root` (the shared table).
  private referencedElsewhere(ct: ContextTable, device: PciDeviceLocation, root: number): boolean {
    for (let i = 0; i < 256; i++) {
      if (i === device.device * 8 + device.function) continue;
      const e = ct.entry({ bus: device.bus, device: i >> 3, function: i & 7 });
      if (e.present && e.slptptr === root) return true;
    }
    return false;
  }
}

// The audited drop panics before anything changes when a table that would be freed maps pages.
function preflight(g: readonly PageTable[]): void {
  const pt = g[0]!;
  if (pt.ctx.pages.meta.refCount(pt.rootPaddr() / 4096) === g.length) pt.ctx.refuseUntracked(pt.rootPaddr(), pt.ctx.consts.nrLevels);
}
