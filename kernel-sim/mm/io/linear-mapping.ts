/**
 * The kernel's linear mapping of physical memory at commit 232e62b (`mm/kspace.rs`): physical
 * address `pa` is visible at kernel virtual address `LINEAR_MAPPING_BASE_VADDR + pa`, for
 * `pa` below `VMALLOC_BASE_VADDR - LINEAR_MAPPING_BASE_VADDR` (64 TiB). x86-64 at 232e62b uses
 * a 48-bit address width, so `ADDR_WIDTH_SHIFT` is 0 and the literals apply unshifted.
 *
 * (mm/kspace will own the whole kernel layout; the io layer needs only this window.)
 * @module
 */
import { KernelPanic } from '../../util/errors.js';

/** `LINEAR_MAPPING_BASE_VADDR` at 232e62b: the lowest high-canonical address. */
export const LINEAR_MAPPING_BASE_VADDR = 0xffff_8000_0000_0000n;

/** `VMALLOC_BASE_VADDR` at 232e62b: where the linear mapping ends (exclusive). */
export const VMALLOC_BASE_VADDR = 0xffff_c000_0000_0000n;

/** Bytes of physical address space the linear mapping can cover: 2^46 (64 TiB). */
export const LINEAR_MAPPING_SIZE = Number(VMALLOC_BASE_VADDR - LINEAR_MAPPING_BASE_VADDR);

/** True when [vaddr, vaddr + len) lies inside the linear mapping window. */
export function inLinearMapping(vaddr: bigint, len: bigint = 0n): boolean {
  return vaddr >= LINEAR_MAPPING_BASE_VADDR && len >= 0n && vaddr + len <= VMALLOC_BASE_VADDR;
}

/**
 * `paddr_to_vaddr`: the linear-mapping address of physical address `pa`.
 * @throws KernelPanic (the kernel's debug_assert) unless 0 <= pa < 2^46 and pa is an integer.
 */
export function paddrToVaddr(pa: number): bigint {
  if (!Number.isSafeInteger(pa) || pa < 0 || pa >= LINEAR_MAPPING_SIZE) {
    throw new KernelPanic('paddr_to_vaddr', `physical address ${pa} is outside the linear mapping's ${LINEAR_MAPPING_SIZE} bytes`);
  }
  return LINEAR_MAPPING_BASE_VADDR + BigInt(pa);
}

/**
 * The physical address behind a linear-mapping address (inverse of {@link paddrToVaddr}).
 * @throws KernelPanic when `va` is not in the linear mapping.
 */
export function linearVaddrToPaddr(va: bigint): number {
  if (!inLinearMapping(va, 1n)) throw new KernelPanic('linear_vaddr_to_paddr', `0x${va.toString(16)} is not in the linear mapping`);
  return Number(va - LINEAR_MAPPING_BASE_VADDR);
}
