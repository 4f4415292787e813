/**
 * The DMA layer's statics for one kernel: `DMA_REMAPPING_SET`, whether there is an IOMMU
 * (`dma_type()`: `Iommu` when `iommu::has_iommu()`, else `Direct`), `KERNEL_PAGE_TABLE` and the
 * linear mapping's base (for `DmaCoherent`'s cache-policy change), and the CPU's path to memory.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { hasIommu, type IommuSystem } from '../iommu/index.js';
import type { CachePolicy, PageProperty, PageTable } from '../page-table/index.js';
import type { PciDeviceLocation } from '../iommu/index.js';
import type { CpuMemoryPort } from './cpu-memory-port.js';
import type { DmaMappingState } from './dma-mapping.js';
import { DmaRemappingSet } from './dma-remapping-set.js';

/** `DmaType`. */
export type DmaType = 'Direct' | 'Iommu';

/** Options of a {@link DmaSystem}. */
export interface DmaSystemOptions {
  /** The IOMMU driver (null or absent: no IOMMU, DMA is direct). */
  readonly iommu?: IommuSystem | null;
  /** `KERNEL_PAGE_TABLE` (needed by non-coherent `DmaCoherent` mappings). */
  readonly kernelPageTable?: PageTable | null;
  /** `LINEAR_MAPPING_BASE_VADDR` of that page table (default `0xffff_8000_0000_0000`). */
  readonly linearBase?: bigint;
  /** The CPU's loads and stores. */
  readonly cpu: CpuMemoryPort;
  readonly bugs: BugSet;
  /** Checking mode: each new mapping is checked against {@link deviceView} (Target 14). */
  readonly check?: boolean;
}

/** How the hardware translates a device's address: paddr, or null when blocked. */
export type DeviceView = (device: PciDeviceLocation, daddr: number, write: boolean) => number | null;

/** The DMA layer of one kernel. */
export class DmaSystem {
  /** `DMA_REMAPPING_SET`. */
  readonly set = new DmaRemappingSet();
  readonly iommu: IommuSystem | null;
  readonly kernelPageTable: PageTable | null;
  readonly linearBase: bigint;
  readonly cpu: CpuMemoryPort;
  readonly bugs: BugSet;
  readonly check: boolean;
  /** The live mappings (DmaCoherent and DmaStream inners). */
  readonly live = new Set<DmaMappingState>();
  /** The remapping hardware's view, for the live Target 14 check (set by `dmaEnv`). */
  deviceView: DeviceView | null = null;
  /** The devices on the machine (the live check asks each whether it reaches a new mapping). */
  devicesPresent: () => readonly PciDeviceLocation[] = () => [];

  constructor(opts: DmaSystemOptions) {
    this.iommu = opts.iommu ?? null;
    this.kernelPageTable = opts.kernelPageTable ?? null;
    this.linearBase = opts.linearBase ?? 0xffff_8000_0000_0000n;
    this.cpu = opts.cpu;
    this.bugs = opts.bugs;
    this.check = opts.check ?? false;
  }

  /** `dma_type()`. */
  dmaType(): DmaType {
    return this.iommu !== null && hasIommu(this.iommu) ? 'Iommu' : 'Direct';
  }

  /**
   * `KERNEL_PAGE_TABLE.protect(paddr_to_vaddr(start)..+len, |p| p.cache = cache).unwrap()`.
   * @throws KernelPanic without a kernel page table, or when protect fails
   */
  protectLinear(fn: string, paddr: number, len: number, cache: CachePolicy): void {
    const pt = this.kernelPageTable;
    if (pt === null) throw new KernelPanic(fn, 'KERNEL_PAGE_TABLE.get().unwrap() on None (no kernel page table to change the cache policy in)');
    const va = this.linearBase + BigInt(paddr);
    try {
      pt.protect({ start: va, end: va + BigInt(len) }, (p: PageProperty) => { p.cache = cache; });
    } catch (e) {
      if (e instanceof KernelPanic) throw e;
      throw new KernelPanic(fn, `KERNEL_PAGE_TABLE.protect(${hex(va)}..+${hex(len)}).unwrap() on Err(${e instanceof Error ? e.message : String(e)})`);
    }
  }

  /** The memory type the kernel's linear mapping gives page `paddr` (Writeback without a table). */
  cacheOf(paddr: number): CachePolicy {
    const pt = this.kernelPageTable;
    if (pt === null) return 'Writeback';
    const r = pt.query(this.linearBase + BigInt(Math.floor(paddr / PAGE_SIZE) * PAGE_SIZE));
    return r === null ? 'Writeback' : r.prop.cache;
  }
}
