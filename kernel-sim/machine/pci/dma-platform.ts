/**
 * The DMA side of a machine built from its description: one or several remapping units with
 * their register pages mapped as MMIO, the ACPI DMAR table describing them (bytes, as firmware
 * would hand them over), the bus that routes device DMA through them per the DMAR scopes, and
 * the CPU cache DMA must be coherent with.
 * @module
 */
import type { PhysicalMemory } from '../physical-memory.js';
import { CpuCache, type CpuCacheOptions } from '../cache/cpu-cache.js';
import { DmaRemappingUnit, type DmaRemappingUnitOptions } from '../iommu/dma-remapping-unit.js';
import { QEMU_DMAR_REGISTER_BASE } from '../iommu/capability.js';
import type { MsiSink } from '../iommu/msi-sink.js';
import type { UnitClock } from '../iommu/malfunction.js';
import type { DmaCostModel } from '../iommu/dma-cost-model.js';
import { decodeDmar } from '../acpi/dmar-decoder.js';
import { dmarFromUnits, encodeDmar } from '../acpi/dmar-encoder.js';
import type { DmarTable } from '../acpi/dmar-table.js';
import { DmaBus } from './dma-bus.js';
import { PciLocation } from './pci-location.js';

/** One remapping unit of a description. */
export interface DmaUnitDescription extends Omit<DmaRemappingUnitOptions, 'msi' | 'clock' | 'costs'> {
  /** Register base (default: QEMU's 0xfed90000 for the first unit, then 0x1000 apart). */
  readonly registerBase?: number;
  /** 'all' (INCLUDE_PCI_ALL) or the devices it covers, as `bb:dd.f` or {bus, device, fn}. */
  readonly scope: 'all' | readonly (string | { readonly bus: number; readonly device: number; readonly fn: number })[];
}

/** A machine's DMA hardware. */
export interface DmaPlatformDescription {
  /** The units (default: one unit covering all devices). */
  readonly units?: readonly DmaUnitDescription[];
  /** The CPU cache (false: none modelled). */
  readonly cache?: CpuCacheOptions | false;
  /** Where fault-event MSIs go (may be set on each unit later). */
  readonly msi?: MsiSink | null;
  /** The units' cycle clock (default: each unit's own access-counting clock; a `MachineClock` puts them on the CPUs' timeline). */
  readonly clock?: UnitClock;
  /** DMA cycle costs of the units and the bus (default `DEFAULT_DMA_COST_MODEL`). */
  readonly costs?: DmaCostModel;
  /** DMAR host address width (default 39). */
  readonly hostAddressWidth?: number;
}

/** Remapping units, DMAR table, bus and cache of one machine. */
export class DmaPlatform {
  readonly units: readonly DmaRemappingUnit[];
  /** The DMAR table bytes. */
  readonly dmar: Uint8Array;
  /** The DMAR table decoded (as the kernel would find it). */
  readonly dmarTable: DmarTable;
  readonly bus: DmaBus;
  readonly cache: CpuCache | null;

  /** @throws PciLocationError, MmioMapError, DmarEncodeError for a bad description */
  constructor(readonly memory: PhysicalMemory, desc: DmaPlatformDescription = {}) {
    const units = desc.units ?? [{ scope: 'all' }];
    const built = units.map((u, i) => {
      const base = u.registerBase ?? QEMU_DMAR_REGISTER_BASE + i * 0x1000;
      const scope = u.scope === 'all' ? 'all' as const : u.scope.map((s) => (typeof s === 'string' ? PciLocation.parse(s) : new PciLocation(s.bus, s.device, s.fn)));
      const unit = new DmaRemappingUnit(memory, { ...u, name: u.name ?? `dmar${i}`, msi: desc.msi ?? null, ...(desc.clock ? { clock: desc.clock } : {}), ...(desc.costs ? { costs: desc.costs } : {}) });
      return { unit, base, scope };
    });
    this.dmarTable = decodeDmar(encodeDmar(dmarFromUnits(built.map((b) => ({ registerBase: b.base, scope: b.scope })), desc.hostAddressWidth ?? 39)));
    this.dmar = encodeDmar(this.dmarTable);
    for (const b of built) memory.mapMmio(b.base, b.unit.registerSize, b.unit);
    this.units = built.map((b) => b.unit);
    this.cache = desc.cache === false ? null : new CpuCache(memory, desc.cache ?? {});
    this.bus = new DmaBus(memory, this.cache, desc.costs);
    for (const d of this.dmarTable.drhds) {
      const b = built.find((x) => x.base === d.registerBase)!;
      this.bus.attach(b.unit, d);
    }
  }

  /** The unit whose registers are at `base`. */
  unitAt(base: number): DmaRemappingUnit | undefined {
    const d = this.dmarTable.drhds.findIndex((x) => x.registerBase === base);
    return d < 0 ? undefined : this.bus.units[d];
  }
}
