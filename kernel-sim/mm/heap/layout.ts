/**
 * `core::alloc::Layout` and the buddy heap's rounding of it to a block.
 * @module
 */
import { ceilLog2 } from '../frame/bits.js';
import { HeapLayoutError } from './errors.js';

/** `core::alloc::Layout`: a size in bytes and a power-of-two alignment. */
export interface Layout {
  readonly size: number;
  readonly align: number;
}

/** `size_of::<usize>()`: the smallest block and the granule of `add_to_heap`. */
export const USIZE_BYTES = 8;

// Beyond this, sizes are not exact JS integers; the kernel's own limit (isize::MAX) is higher.
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/**
 * Checks what `Layout::from_size_align` and `GlobalAlloc` require: a power-of-two alignment and,
 * for the heap, a non-zero size (a zero-size `GlobalAlloc::alloc` is undefined behaviour).
 * @throws HeapLayoutError naming the bad field and why.
 */
export function checkLayout(layout: Layout, fn: string): void {
  const { size, align } = layout;
  if (!Number.isInteger(align) || align < 1 || 2 ** ceilLog2(align) !== align) {
    throw new HeapLayoutError(fn, layout, `align ${align} is not a power of two`);
  }
  if (!Number.isInteger(size) || size < 0 || size > MAX_SIZE) {
    throw new HeapLayoutError(fn, layout, `size ${size} is not a byte count`);
  }
  if (size === 0) {
    throw new HeapLayoutError(fn, layout, 'size 0: GlobalAlloc::alloc with a zero-size layout is undefined behaviour');
  }
  if (Math.ceil(size / align) * align > MAX_SIZE) {
    throw new HeapLayoutError(fn, layout, `size ${size} rounded up to align ${align} overflows`);
  }
}

/** The buddy order of a layout's block: log2 of max(next_power_of_two(size), align, 8). */
export function blockOrderOf(layout: Layout): number {
  return Math.max(ceilLog2(layout.size), ceilLog2(layout.align), 3);
}

/** The block size in bytes the buddy heap hands out for `layout`. */
export function blockSizeOf(layout: Layout): number {
  return 2 ** blockOrderOf(layout);
}

/** `{size, align}` as Rust prints it, for messages. */
export function showLayout(layout: Layout): string {
  return `Layout { size: ${layout.size}, align: ${layout.align} }`;
}
