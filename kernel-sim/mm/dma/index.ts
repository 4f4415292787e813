/**
 * DMA mappings (seed FG5.6-5.8; 232e62b `mm/dma/`): `DMA_REMAPPING_SET`, `DmaCoherent`,
 * `DmaStream` with `DmaDirection` and `sync`, over a {@link DmaSystem} per kernel. Frames come
 * from `Segment` handles, so the ownership ledger sees them; a mapping owns its segment.
 *
 * Switch: DME-01 (`dma-stream.ts`, `dmaReceive`).
 *
 * ```ts
 * const seg = kernel.frames.allocContiguous(2)!;
 * const buf = DmaCoherent.map(dma, seg, false);    // linear map UC, IOMMU daddr = paddr
 * buf.writeBytes(0, new Uint8Array([1, 2, 3]));
 * buf.drop();                                      // unmapped, WB again, the frames freed
 * ```
 * @module
 */
export * from './errors.js';
export * from './dma-direction.js';
export * from './cpu-memory-port.js';
export * from './dma-remapping-set.js';
export * from './dma-system.js';
export * from './dma-mapping.js';
export * from './shared-inner.js';
export * from './dma-coherent.js';
export * from './dma-stream.js';
