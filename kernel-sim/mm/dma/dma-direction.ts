/**
 * `DmaDirection` (232e62b `mm/dma/dma_stream.rs`): which way a streaming mapping's data flows.
 * `ToDevice` refuses CPU reads, `FromDevice` CPU writes (`Error::AccessDenied`).
 * @module
 */

/** `DmaDirection`. */
export type DmaDirection = 'ToDevice' | 'FromDevice' | 'Bidirectional';

/** Every direction, in the order of the Rust enum. */
export const DMA_DIRECTIONS: readonly DmaDirection[] = ['ToDevice', 'FromDevice', 'Bidirectional'];
