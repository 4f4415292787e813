/**
 * Where the kernel image lies in physical memory. Asterinas takes it from the linker symbols
 * `__kernel_start`/`__kernel_end` minus `kernel_loaded_offset()`; the emulated machine has no
 * linker, so the model reads the same span from the MBI: the allocated ELF sections (tag 9),
 * based at the load-base address (tag 21) when GRUB gives one.
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import { findTag, type MultibootInfo } from './multiboot2/index.js';

/** `KERNEL_CODE_BASE_VADDR` at 232e62b: the kernel is linked at this virtual offset. */
export const KERNEL_LOADED_OFFSET = 0xffff_ffff_8000_0000n;
const SHF_ALLOC = 0x2n;

/** The physical span of the kernel image. */
export interface KernelImage {
  readonly base: bigint;
  readonly len: bigint;
}

/** The MBI says nothing of where the kernel lies. */
export class KernelImageError extends KernelSimError {}

/**
 * The kernel image's physical span from the ELF-sections tag (and load-base tag).
 * @throws KernelImageError when the MBI has no ELF-sections tag with an allocated section.
 */
export function kernelImageFrom(info: MultibootInfo): KernelImage {
  const elf = findTag(info, 9);
  const alloc = (elf?.sections ?? []).filter((s) => (s.flags & SHF_ALLOC) !== 0n && s.size > 0n);
  if (alloc.length === 0) {
    throw new KernelImageError('no kernel image: the MBI has no ELF-sections tag (9) with an allocated section; pass kernelImage explicitly');
  }
  const phys = (a: bigint): bigint => (a >= KERNEL_LOADED_OFFSET ? a - KERNEL_LOADED_OFFSET : a);
  const start = alloc.reduce((m, s) => (phys(s.addr) < m ? phys(s.addr) : m), phys(alloc[0]!.addr));
  const end = alloc.reduce((m, s) => (phys(s.addr + s.size) > m ? phys(s.addr + s.size) : m), 0n);
  const loadBase = findTag(info, 21);
  return { base: loadBase ? BigInt(loadBase.loadBaseAddr) : start, len: end - start };
}
