/**
 * What `DmaCoherent::map` and `DmaStream::map` share (FG5.7.1, FG5.8.1): claim the pages in
 * `DMA_REMAPPING_SET`, make them uncacheable in the kernel's linear map when asked, and with an
 * IOMMU map every page at `daddr = paddr`; and the reverse on drop.
 *
 * Where 232e62b would panic half-way (an `iommu::map(..).unwrap()` failing after some pages are
 * mapped) the model first undoes what it did, then panics, so the state stays consistent.
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { InvariantViolation, PAGE_USAGE, usageName } from '../page/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { Segment } from '../handles/index.js';
import { formatLocation, map as iommuMap, unmap as iommuUnmap, type PciDeviceLocation } from '../iommu/index.js';
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
 * Establishes a mapping of `segment` for `device`: the state, with the handle's own fields
 * `extra`, is the object registered in `dma.live`, and the one {@link teardown} removes.
 * @throws DmaError AlreadyMapped (nothing changed); KernelPanic where 232e62b unwraps
 */
export function establish<E extends object>(dma: DmaSystem, fn: string, segment: Segment, makeUncacheable: boolean, device: PciDeviceLocation, extra: E): DmaMappingState & E {
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
  const m = { ...extra, segment, startPaddr, frameCount, startDaddr: startPaddr, device, madeUncacheable: uc, viaIommu };
  dma.live.add(m);
  if (dma.check) checkMapping(dma, fn, m);
  return m;
}

/**
 * Target 14 live (checking mode): each page of a new mapping translates, for its device, to the
 * page mapped (property 1), and is not a kernel frame (property 2).
 * @throws InvariantViolation(14) listing the pages that break it
 */
export function checkMapping(dma: DmaSystem, fn: string, m: DmaMappingState): void {
  const v: string[] = [];
  const meta = dma.iommu?.k.pages.meta;
  for (let i = 0; i < m.frameCount; i++) {
    const pa = m.startPaddr + i * PAGE_SIZE;
    const da = m.startDaddr + i * PAGE_SIZE;
    if (dma.deviceView !== null) {
      const got = dma.deviceView(m.device, da, true);
      if (got !== pa) v.push(`daddr ${hex(da)} of ${formatLocation(m.device)} translates to ${got === null ? 'nothing (blocked)' : hex(got)}, not the page mapped ${hex(pa)} (property 1)`);
      for (const other of dma.devicesPresent()) {
        if (sameLocation(other, m.device)) continue;
        if (dma.deviceView(other, da, true) === pa) v.push(`${hex(pa)}, mapped for ${formatLocation(m.device)}, is reachable by ${formatLocation(other)} at the same daddr (property 1)`);
      }
    }
    if (meta !== undefined && meta.hasSlot(pa / PAGE_SIZE)) {
      const u = meta.usage(pa / PAGE_SIZE);
      if (u === PAGE_USAGE.Kernel || u === PAGE_USAGE.PageTable || u === PAGE_USAGE.Meta) v.push(`${hex(pa)} mapped for a device is a ${usageName(u)} page (property 2)`);
    }
  }
  if (v.length > 0) throw new InvariantViolation(14, fn, v);
}

function sameLocation(a: PciDeviceLocation, b: PciDeviceLocation): boolean {
  return a.bus === b.bus && a.device === b.device && a.function === b.function;
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
  dma.live.delete(m);
  m.segment.drop();
}
