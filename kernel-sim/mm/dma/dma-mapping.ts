/**
 * What `DmaCoherent::map` and `DmaStream::map` share (FG5.7.1, FG5.8.1): claim the pages in
 * `DMA_REMAPPING_SET`, make them uncacheable in the kernel's linear map when asked, and with an
 * IOMMU map every page at `daddr = paddr`; and the reverse on drop.
 *
 * Where 232e62b would panic half-way (an `iommu::map(..).unwrap()` failing after some pages are
 * mapped) the model first undoes what it did, then panics, so the state stays consistent.
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { Segment } from '../handles/index.js';
import { map as iommuMap, unmap as iommuUnmap, PCI_ZERO, type PciDeviceLocation } from '../iommu/index.js';
import type { DmaSystem } from './dma-system.js';
import { DmaError } from './errors.js';

/** One established mapping. */
export interface DmaMappingState {
  readonly segment: Segment;
  readonly startPaddr: number;
  readonly frameCount: number;
  readonly startDaddr: number;
  readonly device: PciDeviceLocation;
  /** True when the linear map was made uncacheable (and goes back to write-back on drop). */
  readonly madeUncacheable: boolean;
  /** True when the pages were mapped in the IOMMU. */
  readonly viaIommu: boolean;
}

/**
 * Establishes a mapping of `segment` for `device`.
 * @throws DmaError AlreadyMapped (nothing changed); KernelPanic where 232e62b unwraps
 */
export function establish(dma: DmaSystem, fn: string, segment: Segment, makeUncacheable: boolean, device: PciDeviceLocation = PCI_ZERO): DmaMappingState {
  const frameCount = segment.nframes();
  const startPaddr = segment.startPaddr();
  if (!dma.set.checkAndInsertDmaMapping(startPaddr, frameCount)) {
    throw new DmaError('AlreadyMapped', fn, `a page of the ${frameCount}-frame segment already has a DMA mapping`, startPaddr);
  }
  let uc = false;
  let mapped = 0;
  const viaIommu = dma.dmaType() === 'Iommu';
  try {
    if (makeUncacheable) {
      dma.protectLinear(fn, startPaddr, frameCount * PAGE_SIZE, 'Uncacheable');
      uc = true;
    }
    if (viaIommu) {
      for (let i = 0; i < frameCount; i++, mapped++) {
        const pa = startPaddr + i * PAGE_SIZE;
        try {
          iommuMap(dma.iommu!, pa, pa, device);
        } catch (e) {
          throw new KernelPanic(fn, `iommu::map(${pa}, ${pa}).unwrap() on Err(${e instanceof Error ? e.message : String(e)})`);
        }
      }
    }
  } catch (e) {
    for (let i = 0; i < mapped; i++) iommuUnmap(dma.iommu!, startPaddr + i * PAGE_SIZE, device);
    if (uc) dma.protectLinear(fn, startPaddr, frameCount * PAGE_SIZE, 'Writeback');
    dma.set.removeDmaMapping(startPaddr, frameCount);
    throw e;
  }
  return { segment, startPaddr, frameCount, startDaddr: startPaddr, device, madeUncacheable: uc, viaIommu };
}

/** The drop of a mapping: IOMMU unmap, write-back again, out of the set, the segment dropped. */
export function teardown(dma: DmaSystem, fn: string, m: DmaMappingState): void {
  if (m.viaIommu) {
    for (let i = 0; i < m.frameCount; i++) {
      const pa = m.startPaddr + i * PAGE_SIZE;
      try {
        iommuUnmap(dma.iommu!, pa, m.device);
      } catch (e) {
        throw new KernelPanic(fn, `iommu::unmap(${pa}).unwrap() on Err(${e instanceof Error ? e.message : String(e)})`);
      }
    }
  }
  if (m.madeUncacheable) dma.protectLinear(fn, m.startPaddr, m.frameCount * PAGE_SIZE, 'Writeback');
  dma.set.removeDmaMapping(m.startPaddr, m.frameCount);
  m.segment.drop();
}
