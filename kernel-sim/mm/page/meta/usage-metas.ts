/**
 * The `PageMeta` implementations of 232e62b — one per usage — as descriptor objects: the usage
 * byte, how `M::default()` is written into the slot's `_inner`, a view of the metadata for
 * `Page::meta()`, and `on_drop` (FG4.4.7).
 *
 * - `FrameMeta::on_drop` returns the frame to the allocator (`allocator::dealloc(paddr/PAGE_SIZE, 1)`).
 * - `MetaPageMeta::on_drop` and `KernelMeta::on_drop` panic (FG4.4.7.3/4).
 * - `PageTablePageMeta::on_drop` at 232e62b drops the node's children and frees the frame
 *   through `FRAME_ALLOCATOR` directly (NOE-01). The metadata here frees only the frame; page
 *   tables use `PageTableContext.ptMeta` (mm/page-table), whose on_drop drops the children first.
 * @module
 */
import { PAGE_SIZE, hex } from '../../../machine/index.js';
import { KernelPanic } from '../../../util/errors.js';
import type { PageSystem } from '../page-system.js';
import type { MetaStore } from './meta-store.js';
import { PAGE_USAGE, type SlotUsage } from './page-usage.js';
import { PT_META_OFFSETS } from './slot-layout.js';

/** A page usage's metadata type (the `PageMeta` trait): `M` is what `Page::meta()` gives. */
export interface PageMeta<M> {
  /** The Rust type name, e.g. `FrameMeta`. */
  readonly name: string;
  /** `M::USAGE`. */
  readonly usage: SlotUsage;
  /** The usage byte of {@link usage}. */
  readonly code: number;
  /** Writes `M::default()` into the slot's `_inner`. */
  init(store: MetaStore, frame: number): void;
  /** {@link init} of frames [start, start + n) at once, when the type has a bulk form. */
  initRange?(store: MetaStore, start: number, n: number): void;
  /** The metadata of `frame` as `M`. */
  view(store: MetaStore, frame: number): M;
  /**
   * Non-null when `on_drop` panics: the panic message. `Page::drop` consults it before changing
   * anything, so the panic leaves the handle, count and allocator as they were.
   */
  readonly dropPanic: string | null;
  /** `M::on_drop(page)`, run when the last handle drops. */
  onDrop(sys: PageSystem, paddr: number): void;
}

/** `FrameMeta`: 8 bytes of layout padding, no fields. */
export interface FrameMetaFields {
  readonly kind: 'FrameMeta';
}

/** `PageTablePageMeta`'s fields, read and written in the slot's `_inner` bytes. */
export interface PageTablePageMetaFields {
  readonly kind: 'PageTablePageMeta';
  /** `lock: AtomicU8`. */
  lock: number;
  /** `level: PagingLevel` (u8). */
  level: number;
  /** `nr_children: u16`. */
  nrChildren: number;
}

/** `MetaPageMeta`: no fields. */
export interface MetaPageMetaFields {
  readonly kind: 'MetaPageMeta';
}

/** `KernelMeta`: no fields. */
export interface KernelMetaFields {
  readonly kind: 'KernelMeta';
}

const FRAME_FIELDS: FrameMetaFields = Object.freeze({ kind: 'FrameMeta' as const });
const META_FIELDS: MetaPageMetaFields = Object.freeze({ kind: 'MetaPageMeta' as const });
const KERNEL_FIELDS: KernelMetaFields = Object.freeze({ kind: 'KernelMeta' as const });

// allocator::dealloc(paddr / PAGE_SIZE, 1): the frame goes back to FRAME_ALLOCATOR.
function deallocFrame(sys: PageSystem, paddr: number): void {
  sys.frames.dealloc(paddr / PAGE_SIZE, 1);
}

function panicking<M>(name: string, usage: SlotUsage, fields: M, message: string): PageMeta<M> {
  return {
    name,
    usage,
    code: PAGE_USAGE[usage],
    init: (store, frame) => store.clearInner(frame),
    initRange: (store, start, n) => store.clearInnerRange(start, n),
    view: () => fields,
    dropPanic: message,
    onDrop: (_sys, paddr) => {
      throw new KernelPanic(`${name}::on_drop`, `${message} (page ${hex(paddr)})`);
    },
  };
}

/** `FrameMeta` (usage Frame): untyped memory; dropping the last handle frees the frame. */
export const FrameMeta: PageMeta<FrameMetaFields> = {
  name: 'FrameMeta',
  usage: 'Frame',
  code: PAGE_USAGE.Frame,
  init: (store, frame) => store.clearInner(frame),
  initRange: (store, start, n) => store.clearInnerRange(start, n),
  view: () => FRAME_FIELDS,
  dropPanic: null,
  onDrop: deallocFrame,
};

/** `PageTablePageMeta` (usage PageTable): lock, level and nr_children in `_inner`. */
export const PageTablePageMeta: PageMeta<PageTablePageMetaFields> = {
  name: 'PageTablePageMeta',
  usage: 'PageTable',
  code: PAGE_USAGE.PageTable,
  init: (store, frame) => store.clearInner(frame),
  view: (store, frame) => ({
    kind: 'PageTablePageMeta',
    get lock() { return store.innerU8(frame, PT_META_OFFSETS.lock); },
    set lock(v: number) { store.setInnerU8(frame, PT_META_OFFSETS.lock, v); },
    get level() { return store.innerU8(frame, PT_META_OFFSETS.level); },
    set level(v: number) { store.setInnerU8(frame, PT_META_OFFSETS.level, v); },
    get nrChildren() { return store.innerU16(frame, PT_META_OFFSETS.nrChildren); },
    set nrChildren(v: number) { store.setInnerU16(frame, PT_META_OFFSETS.nrChildren, v); },
  }),
  dropPanic: null,
  // The frame alone; mm/page-table's PageTableContext.ptMeta drops a node's children first.
  onDrop: deallocFrame,
};

/** `MetaPageMeta` (usage Meta): pages holding `MetaSlot`s; dropping the last handle panics. */
export const MetaPageMeta: PageMeta<MetaPageMetaFields> = panicking('MetaPageMeta', 'Meta', META_FIELDS, 'Meta pages are currently not allowed to be dropped');

/** `KernelMeta` (usage Kernel): kernel image pages; dropping the last handle panics. */
export const KernelMeta: PageMeta<KernelMetaFields> = panicking('KernelMeta', 'Kernel', KERNEL_FIELDS, 'Kernel pages are not allowed to be dropped');

/** The metadata type of each allocatable usage. */
export const META_OF_USAGE = {
  Frame: FrameMeta,
  PageTable: PageTablePageMeta,
  Meta: MetaPageMeta,
  Kernel: KernelMeta,
} as const;
