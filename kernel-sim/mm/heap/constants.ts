/**
 * Constants of `aster_frame::mm::heap_allocator` at 232e62b and the heap's address space.
 *
 * Heap addresses: the kernel's heap pointers are 64-bit virtual addresses above 2^63, which a JS
 * number cannot hold exactly. The model uses the offset from `LINEAR_MAPPING_BASE_VADDR`
 * instead: rescued frames (reached through `paddr_to_vaddr`) sit at their physical address, and
 * the static `HEAP_SPACE` (in the kernel image's `.bss`, mapped at `KERNEL_CODE_BASE_VADDR`)
 * sits at `KERNEL_IMAGE_HEAP_OFFSET + paddr`. The offset keeps the low 47 address bits, so the
 * buddy arithmetic (alignment, XOR buddies) is the kernel's own.
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import type { Layout } from './layout.js';

/** `LockedHeapWithRescue<32>`: free lists of orders 0..31, blocks of 1 B .. 2 GiB. */
export const HEAP_ORDER = 32;

/** `INIT_KERNEL_HEAP_SIZE = PAGE_SIZE * 256`: the static early heap (1 MiB). */
export const INIT_KERNEL_HEAP_SIZE = PAGE_SIZE * 256;

/** `rescue`'s `MIN_NUM_FRAMES = 0x4000000 / PAGE_SIZE`: 64 MiB of frames. */
export const MIN_NUM_FRAMES = 0x400_0000 / PAGE_SIZE;

/** `LINEAR_MAPPING_BASE_VADDR` at 232e62b; heap address 0 is this virtual address. */
export const LINEAR_MAPPING_BASE_VADDR = 0xffff_8000_0000_0000n;

/** `KERNEL_CODE_BASE_VADDR` at 232e62b: where the kernel image (and `.bss`) is mapped. */
export const KERNEL_CODE_BASE_VADDR = 0xffff_ffff_8000_0000n;

/** Heap address of physical address 0 seen through the kernel image mapping. */
export const KERNEL_IMAGE_HEAP_OFFSET = Number(KERNEL_CODE_BASE_VADDR - LINEAR_MAPPING_BASE_VADDR);

/** `KERNEL_LMA` of the x86_64 linker script at 232e62b: the image's physical load address. */
export const KERNEL_LMA = 0x800_0000;

/**
 * Default physical address of `HEAP_SPACE`. The real one comes from the build's link map; this
 * is a representative `.bss` placement, 64-byte aligned but not page aligned (the static is a
 * `[u8; N]`), so `init` splits it into many aligned blocks as it would on a real build.
 */
export const DEFAULT_HEAP_SPACE_PADDR = KERNEL_LMA + 0x20_3a40;

/** Heap address of a physical address reached through the linear mapping (`paddr_to_vaddr`). */
export function linearHeapAddr(paddr: number): number {
  return paddr;
}

/** Heap address of a physical address inside the kernel image (e.g. `HEAP_SPACE`). */
export function imageHeapAddr(paddr: number): number {
  return KERNEL_IMAGE_HEAP_OFFSET + paddr;
}

/** The kernel virtual address of a heap address. */
export function heapVaddr(addr: number): bigint {
  return LINEAR_MAPPING_BASE_VADDR + BigInt(addr);
}

/**
 * The layout of one `BTreeSet<usize>` leaf node (parent pointer, 11 keys, parent index and
 * length: 104 bytes, align 8): what the frame allocator at 232e62b allocates from the heap when
 * an insertion into one of its free-list sets needs a node (HEP-03).
 */
export const BTREE_NODE_LAYOUT: Layout = Object.freeze({ size: 104, align: 8 });
