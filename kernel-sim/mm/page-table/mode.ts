/**
 * `PageTableMode` (232e62b `mm/page_table/mod.rs`): the kind of page table and the virtual
 * address range it manages, and which mappings in it are untracked (`in_untracked_range`).
 *
 * - `UserMode`: `0 .. MAX_USERSPACE_VADDR` = `0x0000_8000_0000_0000 - PAGE_SIZE` (232e62b keeps
 *   the top user page out; the seed states the range as up to `0x0000_7fff_ffff_ffff`). All
 *   mappings tracked.
 * - `KernelMode`: `KERNEL_VADDR_RANGE` = `0xffff_8000_0000_0000 .. 0xffff_ffff_ffff_0000`.
 *   Untracked except in `VMALLOC_VADDR_RANGE` (`0xffff_c000_0000_0000 .. 0xffff_e000_0000_0000`).
 * - `DeviceMode` (IOMMU): `0 .. 0x1_0000_0000`. All mappings untracked.
 *
 * The 48-bit constants are used with 5-level paging too (232e62b shifts them by
 * `ADDRESS_WIDTH - 48`; the model keeps the 48-bit layout so kernel addresses stay canonical for
 * both widths — a simplification).
 * @module
 */

/** A page-table mode. */
export interface PageTableMode {
  /** `UserMode`, `KernelMode` or `DeviceMode`. */
  readonly name: 'UserMode' | 'KernelMode' | 'DeviceMode';
  /** `VADDR_RANGE.start`. */
  readonly start: bigint;
  /** `VADDR_RANGE.end` (exclusive). */
  readonly end: bigint;
}

/** `MAX_USERSPACE_VADDR`. */
export const MAX_USERSPACE_VADDR = 0x0000_8000_0000_0000n - 4096n;
/** `KERNEL_VADDR_RANGE`. */
export const KERNEL_VADDR_RANGE = Object.freeze({ start: 0xffff_8000_0000_0000n, end: 0xffff_ffff_ffff_0000n });
/** `VMALLOC_VADDR_RANGE` of `mm::kspace`: the tracked part of the kernel space. */
export const VMALLOC_VADDR_RANGE = Object.freeze({ start: 0xffff_c000_0000_0000n, end: 0xffff_e000_0000_0000n });

/** `UserMode`. */
export const UserMode: PageTableMode = Object.freeze({ name: 'UserMode', start: 0n, end: MAX_USERSPACE_VADDR });
/** `KernelMode`. */
export const KernelMode: PageTableMode = Object.freeze({ name: 'KernelMode', start: KERNEL_VADDR_RANGE.start, end: KERNEL_VADDR_RANGE.end });
/** `DeviceMode` (`arch::iommu`): the 32-bit device address space. */
export const DeviceMode: PageTableMode = Object.freeze({ name: 'DeviceMode', start: 0n, end: 0x1_0000_0000n });

/** `M::covers(r)`: `VADDR_RANGE.start <= r.start && r.end <= VADDR_RANGE.end`. */
export function modeCovers(m: PageTableMode, start: bigint, end: bigint): boolean {
  return m.start <= start && end <= m.end;
}
