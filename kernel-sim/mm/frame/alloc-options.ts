/**
 * Allocation options of the page allocator, in the spirit of the ALO-04 fix (PR #1783): the
 * caller says what the frames are for and whether they must be zeroed.
 *
 * Deferred to the page-metadata slice: retyping the frames' `MetaSlot`s to the usage, and the
 * other half of ALO-04 (allocating before `MetaSlot[]` is initialised faults at 232e62b).
 * @module
 */

/** What a page is used for (`PageUsage` at 232e62b, the allocatable ones and the rest). */
export type PageUsage = 'Frame' | 'PageTable' | 'Meta' | 'Kernel';

/** The usages {@link PageUsage} can take. */
export const PAGE_USAGES: readonly PageUsage[] = ['Frame', 'PageTable', 'Meta', 'Kernel'];

/** Options of one allocation. */
export interface AllocOptions {
  /**
   * Zero the frames through machine memory (default true, as `FrameAllocOptions` with
   * `uninit(false)`). Needs a machine memory attached to the allocator.
   */
  readonly zeroed?: boolean;
  /**
   * What the frames are for (default 'Frame'). With ALO-04 audited only 'Frame' is accepted:
   * at 232e62b the page allocator makes general-purpose frames only, and other users take
   * frames from `FRAME_ALLOCATOR` directly.
   */
  readonly usage?: PageUsage;
}
