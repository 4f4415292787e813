/**
 * `DmaStream` (FG5.8; 232e62b `mm/dma/dma_stream.rs`): a streaming DMA mapping of a `Segment`
 * with a {@link DmaDirection}; the CPU side is write-back, and `sync` writes the range's cache
 * lines back (`clflush` per 64 bytes) unless the device is cache-coherent.
 *
 * DME-01 (switch; the finding is about `sync`'s documentation): {@link dmaReceive} does a
 * device-to-memory transfer the way a driver following the documentation would. Audited (the
 * 232e62b text: "the data has been updated by the device side; the CPU side needs to call
 * `sync` before reading"), `sync` comes after the device wrote, and a dirty line the CPU left
 * in the buffer is written back over the device's data. Fixed (the audit's text: "always be
 * called before initiating streamed DMA"), `sync` comes first.
 * @module
 */
import type { Segment } from '../handles/index.js';
import { PCI_ZERO, type PciDeviceLocation } from '../iommu/index.js';
import { checkRange, cpuRead, cpuWrite } from './dma-coherent.js';
import type { DmaDirection } from './dma-direction.js';
import { establish, teardown } from './dma-mapping.js';
import type { DmaSystem } from './dma-system.js';
import { DmaError } from './errors.js';
import { DmaHandle, SharedInner, type DmaInner } from './shared-inner.js';

interface StreamInner extends DmaInner {
  readonly direction: DmaDirection;
}

/** The cache-line size `sync` steps by (232e62b: "we use 64 bytes"). */
export const SYNC_LINE = 64;

/** A streaming DMA mapping. */
export class DmaStream extends DmaHandle<StreamInner> {
  private constructor(inner: SharedInner<StreamInner>) {
    super(inner, inner.value.startPaddr);
  }

  protected get typeName(): string {
    return 'DmaStream';
  }

  /**
   * `DmaStream::map(vm_segment, direction, is_cache_coherent)`; `device` as in `DmaCoherent.map`.
   * @throws DmaError AlreadyMapped (nothing changed); KernelPanic where 232e62b unwraps
   */
  static map(dma: DmaSystem, segment: Segment, direction: DmaDirection, isCacheCoherent: boolean, device: PciDeviceLocation = PCI_ZERO): DmaStream {
    const inner = establish(dma, 'DmaStream::map', segment, false, device, { dma, isCacheCoherent, direction });
    return new DmaStream(new SharedInner(inner, (v) => teardown(v.dma, 'DmaStreamInner::drop', v)));
  }

  /** `nframes()`. */
  nframes(): number {
    return this.use('nframes').frameCount;
  }

  /** The mapping's direction. */
  direction(): DmaDirection {
    return this.use('direction').direction;
  }

  /** `clone()`. */
  clone(): DmaStream {
    return new DmaStream(this.share());
  }

  /**
   * `sync(byte_range)`: `clflush` every 64 bytes of the range (nothing when cache-coherent).
   * @throws DmaError InvalidArgs when `end > nbytes` (or the range is malformed)
   */
  sync(start: number, end: number): void {
    const v = this.use('sync');
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end > v.segment.nbytes()) {
      throw new DmaError('InvalidArgs', 'DmaStream::sync', `byte range ${String(start)}..${String(end)} leaves the ${v.segment.nbytes()}-byte mapping`, v.startPaddr);
    }
    if (v.isCacheCoherent) return;
    for (let i = start; i < end; i += SYNC_LINE) v.dma.cpu.clflush(v.startPaddr + i);
  }

  /** `read_bytes` (refused for ToDevice). @throws DmaError AccessDenied / InvalidArgs */
  readBytes(offset: number, buf: Uint8Array): void {
    const v = this.use('read_bytes');
    if (v.direction === 'ToDevice') throw new DmaError('AccessDenied', 'DmaStream::read_bytes', 'the mapping is ToDevice', v.startPaddr);
    checkRange('DmaStream::read_bytes', v, offset, buf.length);
    buf.set(cpuRead(v, offset, buf.length));
  }

  /** `write_bytes` (refused for FromDevice). @throws DmaError AccessDenied / InvalidArgs */
  writeBytes(offset: number, buf: Uint8Array): void {
    const v = this.use('write_bytes');
    if (v.direction === 'FromDevice') throw new DmaError('AccessDenied', 'DmaStream::write_bytes', 'the mapping is FromDevice', v.startPaddr);
    checkRange('DmaStream::write_bytes', v, offset, buf.length);
    cpuWrite(v, offset, buf);
  }
}

/**
 * A device-to-memory transfer into `stream` as a driver following `sync`'s documentation does
 * it (DME-01, see the module notes): `deviceWrites` performs the device's DMA; returns the
 * bytes the CPU then reads.
 */
export function dmaReceive(stream: DmaStream, deviceWrites: () => void, len = stream.nbytes()): Uint8Array {
  const audited = stream.system().bugs.has('DME-01');
  if (!audited) stream.sync(0, len);
  deviceWrites();
  if (audited) stream.sync(0, len);
  const out = new Uint8Array(len);
  stream.readBytes(0, out);
  return out;
}
