/**
 * The byte layout of `MetaSlot` at 232e62b, derived from the struct (not copied from the
 * `const_assert_eq!`, which it agrees with):
 *
 * ```text
 * #[repr(C)] struct MetaSlot { _inner: MetaSlotInner, usage: AtomicU8, ref_count: AtomicU32 }
 * union MetaSlotInner { frame: ManuallyDrop<FrameMeta>, pt: ManuallyDrop<PageTablePageMeta<..>> }
 *   FrameMeta          = #[repr(C)] { _unused_for_layout_padding: [u8; 8] }   size 8, align 1
 *   PageTablePageMeta  = #[repr(C)] { lock: AtomicU8, level: u8 (PagingLevel),
 *                                     nr_children: u16, PhantomData }          size 4, align 2
 *   => MetaSlotInner: size max(8, 4) = 8, align max(1, 2) = 2
 * offset  0: _inner     (8 bytes)
 * offset  8: usage      (AtomicU8, align 1)
 * offset  9: padding    (3 bytes, so that ref_count is 4-aligned)
 * offset 12: ref_count  (AtomicU32, align 4)
 * size = 16 (a multiple of the struct's align 4), matching `const_assert_eq!(size_of::<MetaSlot>(), 16)`.
 * ```
 * The source comment says the inner variants are "aligned to 8 bytes"; by the types above the
 * union's alignment is 2 and the slot's is 4. The size, which is all the formulas use, is 16
 * either way.
 * @module
 */

/** `size_of::<MetaSlot>()` at 232e62b. */
export const META_SLOT_SIZE = 16;

/** Byte offsets of the slot's fields (repr(C)). */
export const META_SLOT_OFFSETS = { inner: 0, usage: 8, refCount: 12 } as const;

/** Size of `MetaSlotInner`, the per-usage metadata bytes. */
export const META_SLOT_INNER_SIZE = 8;

/** Byte offsets inside `_inner` of `PageTablePageMeta`'s fields (repr(C)). */
export const PT_META_OFFSETS = { lock: 0, level: 1, nrChildren: 2 } as const;
