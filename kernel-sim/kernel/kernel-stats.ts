/**
 * The figures `kernel-sim boot --json` prints for a booted kernel.
 * @module
 */

/** A booted kernel's memory figures. */
export interface KernelStats {
  /** `MAX_PADDR`: metadata exists for frames below it. */
  readonly maxPaddr: number;
  /** Bytes handed to the frame allocator: the page-aligned Usable regions (frames x 4096). */
  readonly usableBytes: number;
  /** Frames the buddy allocator was given (its `total`). */
  readonly totalFrames: number;
  /** Frames in free buddy blocks. */
  readonly freeFrames: number;
  /** Metadata pages `meta::init` allocated (FG4.3.2's n). */
  readonly metaPages: number;
  /** `size_of::<MetaSlot>()` (16 at 232e62b). */
  readonly metaSlotSize: number;
  /** Free block counts per order 0..31, as the allocator's 32 free lists hold them. */
  readonly buddyinfo: readonly number[];
  /** Bytes of RAM of the machine (regions that are physical memory). */
  readonly ramBytes: number;
  /** Pages of emulated memory that hold bytes (sparse memory's real cost). */
  readonly touchedPages: number;
  /** Bytes of typed arrays holding MetaSlots (lazily created chunks). */
  readonly metaStoreBytes: number;
  /** Live and forgotten page handles. */
  readonly liveHandles: number;
  readonly forgottenHandles: number;
}
