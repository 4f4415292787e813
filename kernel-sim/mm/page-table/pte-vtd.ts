/**
 * The VT-d second-level `PageTableEntry` of 232e62b (`arch/x86/iommu/second_stage.rs`), used by
 * `PageTable<DeviceMode>`: R bit 0, W bit 1, EMT 5:3, IPAT 6, LAST_PAGE (PS) bit 7, ACCESSED 8,
 * DIRTY 9, SNOOP 11, address bits 12..47 (`PHYS_MASK = 0xFFFF_FFFF_F000`). There is no P bit:
 * 232e62b's `is_present` is `R | W`.
 *
 * - `new_frame` sets LAST_PAGE at every level (level 1 included) and `set_prop` keeps it, as the
 *   model does ({@link VTD_LEAF_LAST_PAGE}); the unit ignores bit 7 of a 4 KiB entry, as QEMU does;
 *   `set_prop` writes R, W and SNOOP (set unless the policy is Uncacheable); `prop` reads SNOOP
 *   back as Writeback, its absence as Uncacheable, and ACCESSED / DIRTY.
 * - `new_pt` at 232e62b writes the address alone, without R or W (SLP-01, kernel-sim's own ID):
 *   the IOMMU's walk then denies every access through the entry, and the page-table code, which
 *   asks `is_present`, sees the entry as absent and makes a new node at each map. Fixed
 *   (upstream 7d0638958): R | W.
 *
 * Simplifications: the shared cursor code tests presence by bit 0 (R). A present entry without R
 * would be a write-only mapping, which 232e62b never makes (every DMA mapping is RW), so
 * {@link vtdPropLo} refuses it; the address mask is the x86 one (52 bits), equal for every
 * address below 2^48.
 * @module
 */
import { UnencodablePropertyError } from './errors.js';
import { PageFlags, type CachePolicy, type PageProperty } from './page-prop.js';

/** Second-level `PageTableFlags` (all in the low half). */
export const SL_PTE = Object.freeze({
  READABLE: 1 << 0,
  WRITABLE: 1 << 1,
  /** LAST_PAGE (PS). */
  LAST_PAGE: 1 << 7,
  ACCESSED: 1 << 8,
  DIRTY: 1 << 9,
  SNOOP: 1 << 11,
});

/** LAST_PAGE in a 4 KiB leaf: 232e62b's `new_frame` sets it. */
export const VTD_LEAF_LAST_PAGE = SL_PTE.LAST_PAGE;

/**
 * The low-half bits `set_prop` writes for a second-level leaf (LAST_PAGE as
 * {@link VTD_LEAF_LAST_PAGE}).
 * @throws UnencodablePropertyError for W without R (see the module notes).
 */
export function vtdPropLo(prop: PageProperty): number {
  const f = prop.flags;
  if ((f & PageFlags.W) !== 0 && (f & PageFlags.R) === 0) {
    throw new UnencodablePropertyError('not-readable', `flags 0x${f.toString(16)}: a write-only device mapping is not modelled (presence is read from R)`);
  }
  let lo = VTD_LEAF_LAST_PAGE;
  if (f & PageFlags.R) lo |= SL_PTE.READABLE;
  if (f & PageFlags.W) lo |= SL_PTE.WRITABLE;
  if (prop.cache !== 'Uncacheable') lo |= SL_PTE.SNOOP;
  return lo;
}

/** `PageTableEntry::prop` of a second-level leaf. */
export function vtdPropOf(lo: number): PageProperty {
  let flags = 0;
  if (lo & SL_PTE.READABLE) flags |= PageFlags.R;
  if (lo & SL_PTE.WRITABLE) flags |= PageFlags.W;
  if (lo & SL_PTE.ACCESSED) flags |= PageFlags.ACCESSED;
  if (lo & SL_PTE.DIRTY) flags |= PageFlags.DIRTY;
  const cache: CachePolicy = lo & SL_PTE.SNOOP ? 'Writeback' : 'Uncacheable';
  return { flags, cache, privFlags: 0 };
}

/** The low-half flag bits of `new_pt`: R | W fixed, none with SLP-01 (232e62b). */
export function vtdNewPtBits(slp01: boolean): number {
  return slp01 ? 0 : SL_PTE.READABLE | SL_PTE.WRITABLE;
}
