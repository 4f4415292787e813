/**
 * `DmaCoherent` (FG5.7; 232e62b `mm/dma/dma_coherent.rs`): a coherent DMA mapping of a
 * `Segment`, which it owns. `map` claims the pages in `DMA_REMAPPING_SET`, makes the kernel's
 * linear mapping of them uncacheable when the device is not cache-coherent, and with an IOMMU
 * maps each page at `daddr = paddr`; the last handle's drop (`DmaCoherentInner::drop`) undoes
 * it: IOMMU unmap, back to write-back, out of the set, and the segment dropped.
 *
 * CPU reads and writes go through the kernel's linear mapping, so through the CPU cache unless
 * it is uncacheable.
 *
 * Simplification: the kernel page table's cache-policy change is not followed by a TLB flush (as
 * 232e62b's `protect` on `KERNEL_PAGE_TABLE`); the model's CPU accesses take the policy from the
 * page table, not from a TLB.
 * @module
 */
import type { Segment } from '../handles/index.js';
import { PCI_ZERO, type PciDeviceLocation } from '../iommu/index.js';
import { establish, teardown, type DmaMappingState } from './dma-mapping.js';
import type { DmaSystem } from './dma-system.js';
import { DmaError } from './errors.js';
import { DmaHandle, SharedInner, type DmaInner } from './shared-inner.js';

type CoherentInner = DmaInner;

/** A coherent DMA mapping. */
export class DmaCoherent extends DmaHandle<CoherentInner> {
  private constructor(inner: SharedInner<CoherentInner>) {
    super(inner, inner.value.startPaddr);
  }

  protected get typeName(): string {
    return 'DmaCoherent';
  }

  /**
   * `DmaCoherent::map(vm_segment, is_cache_coherent)`; `device` is whose IOMMU tables get the
   * pages (with MOI-02 audited every device shares 0:00.0's).
   * @throws DmaError AlreadyMapped (nothing changed, the segment still the caller's);
   *   KernelPanic where 232e62b unwraps
   */
  static map(dma: DmaSystem, segment: Segment, isCacheCoherent: boolean, device: PciDeviceLocation = PCI_ZERO): DmaCoherent {
    const inner = establish(dma, 'DmaCoherent::map', segment, !isCacheCoherent, device, { dma, isCacheCoherent });
    return new DmaCoherent(new SharedInner(inner, (v) => teardown(v.dma, 'DmaCoherentInner::drop', v)));
  }

  /** `clone()`: another handle to the same mapping. */
  clone(): DmaCoherent {
    return new DmaCoherent(this.share());
  }

  /** `read_bytes(offset, buf)` through the CPU. @throws DmaError InvalidArgs past the end */
  readBytes(offset: number, buf: Uint8Array): void {
    const v = this.use('read_bytes');
    checkRange('DmaCoherent::read_bytes', v, offset, buf.length);
    buf.set(cpuRead(v, offset, buf.length));
  }

  /** `write_bytes(offset, buf)` through the CPU. @throws DmaError InvalidArgs past the end */
  writeBytes(offset: number, buf: Uint8Array): void {
    const v = this.use('write_bytes');
    checkRange('DmaCoherent::write_bytes', v, offset, buf.length);
    cpuWrite(v, offset, buf);
  }
}

/** @throws DmaError InvalidArgs when `[offset, offset+len)` leaves the mapping */
export function checkRange(fn: string, v: DmaMappingState, offset: number, len: number): void {
  const n = v.segment.nbytes();
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + len > n) throw new DmaError('InvalidArgs', fn, `bytes ${String(offset)}..${String(offset + len)} leave the ${n}-byte mapping`, v.startPaddr);
}

/** A CPU load from the mapping, page by page with each page's memory type. */
export function cpuRead(v: DmaMappingState & { readonly dma: DmaSystem }, offset: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  forPages(v.startPaddr + offset, len, (pa, at, n) => out.set(v.dma.cpu.read(pa, n, v.dma.cacheOf(pa)), at));
  return out;
}

/** A CPU store into the mapping. */
export function cpuWrite(v: DmaMappingState & { readonly dma: DmaSystem }, offset: number, data: Uint8Array): void {
  forPages(v.startPaddr + offset, data.length, (pa, at, n) => v.dma.cpu.write(pa, data.subarray(at, at + n), v.dma.cacheOf(pa)));
}

function forPages(pa: number, len: number, f: (pa: number, at: number, n: number) => void): void {
  let at = 0;
  while (at < len) {
    const n = Math.min(len - at, 4096 - ((pa + at) % 4096));
    f(pa + at, at, n);
    at += n;
  }
}
