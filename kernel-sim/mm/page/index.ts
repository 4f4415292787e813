/**
 * Physical pages and their metadata (seed FG4.3, FG4.4; `aster_frame::mm::page` at 232e62b):
 * the `MetaSlot[]` array ({@link MetaStore}, lazily chunked typed arrays), `MAX_PADDR`,
 * `meta::init`, `page_to_meta` / `meta_to_page`, the usage metadata types, `Page` handles with
 * explicit ownership, the page allocator over the frame allocator, and the Target 2-5 checks.
 *
 * Findings as switches: MPA-01 (kernel-sim's: MAX_PADDR over all regions), MEA-01 (per-page
 * result vectors of meta::init), MOP-02 (inc_ref_count's transient break of ref_count >= owners),
 * ALO-04 (allocation before meta::init faults). Not modelled, being style-only:
 * - MOP-01 (casting `*const MetaSlot` to `*const M` relies on `_inner` being at offset 0): the
 *   cast is correct for the repr(C) layout of 232e62b (`_inner` is at offset 0), so it behaves
 *   exactly as the recommended accessor; the model reads `_inner` through the store's accessor
 *   (the fix) and there is no observable difference to switch.
 * - NOE-01 (`PageTablePageMeta::on_drop` frees through `FRAME_ALLOCATOR` instead of
 *   `allocator::dealloc`): both call the same buddy `dealloc(paddr / PAGE_SIZE, 1)` under the same
 *   lock at 232e62b, so the effect is identical; the model's on_drop uses `allocator::dealloc`.
 * @module
 */
export * from './meta/page-usage.js';
export * from './meta/slot-layout.js';
export * from './meta/mapping.js';
export { CHUNK_FRAMES, CHUNK_SHIFT, LazyChunks } from './meta/lazy-chunks.js';
export * from './meta/meta-store.js';
export * from './meta/max-paddr.js';
export * from './meta/usage-metas.js';
export * from './meta/meta-init.js';
export * from './meta/bulk-into-raw.js';
export * from './errors.js';
export * from './ownership-ledger.js';
export * from './page-system.js';
export * from './page.js';
export * from './inc-ref-count.js';
export * from './invariants.js';
export * from './allocator.js';
