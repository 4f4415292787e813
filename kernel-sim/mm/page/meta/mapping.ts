/**
 * `meta::mapping` (FG4.3.1): the linear map of `MetaSlot`s at `FRAME_METADATA_BASE_VADDR`.
 * Kernel virtual addresses exceed 2^53, so they are bigints; physical addresses are numbers.
 *
 * Where 232e62b trusts its argument (`page_to_meta` is a `const fn` with no check), the model
 * refuses addresses whose slot would fall outside `FRAME_METADATA_RANGE` (1 TiB of slots,
 * i.e. physical addresses below 2^48), and `meta_to_page` refuses addresses outside the range.
 * `meta_to_page` rounds down within a slot, as the integer division does.
 * @module
 */
import { BadAddressError, hex, isPhysAddr, PAGE_SIZE } from '../../../machine/index.js';
import { KernelSimError } from '../../../util/errors.js';
import { META_SLOT_SIZE } from './slot-layout.js';

/** Start of the metadata linear map (`kspace::FRAME_METADATA_BASE_VADDR`). */
export const FRAME_METADATA_BASE_VADDR = 0xffff_e000_0000_0000n;

/** End (exclusive) of the metadata linear map (`kspace::FRAME_METADATA_CAP_VADDR`), 1 TiB on. */
export const FRAME_METADATA_CAP_VADDR = 0xffff_e100_0000_0000n;

/** One past the highest physical address whose slot fits the 1 TiB metadata range (2^48). */
export const MAX_META_MAPPED_PADDR = Number((FRAME_METADATA_CAP_VADDR - FRAME_METADATA_BASE_VADDR) / BigInt(META_SLOT_SIZE)) * PAGE_SIZE;

/** A virtual address outside the metadata linear map given to {@link metaToPage}. */
export class MetaVaddrError extends KernelSimError {
  constructor(readonly fn: string, readonly vaddr: bigint) {
    super(`${fn}: ${hex(vaddr)} is not in FRAME_METADATA_RANGE [${hex(FRAME_METADATA_BASE_VADDR)}, ${hex(FRAME_METADATA_CAP_VADDR)})`);
  }
}

/**
 * `page_to_meta`: the virtual address of the `MetaSlot` of the page at `paddr`
 * (`BASE + paddr / PAGE_SIZE * size_of::<MetaSlot>()`; an unaligned paddr maps to its page's slot).
 * @throws BadAddressError when paddr is not a physical address or its slot lies beyond the range.
 */
export function pageToMeta(paddr: number): bigint {
  if (!isPhysAddr(paddr) || paddr >= MAX_META_MAPPED_PADDR) throw new BadAddressError('page_to_meta (slot beyond FRAME_METADATA_CAP_VADDR)', paddr);
  return FRAME_METADATA_BASE_VADDR + BigInt(Math.floor(paddr / PAGE_SIZE)) * BigInt(META_SLOT_SIZE);
}

/**
 * `meta_to_page`: the physical address of the page whose slot holds `vaddr`
 * (`(vaddr - BASE) / size_of::<MetaSlot>() * PAGE_SIZE`).
 * @throws MetaVaddrError when vaddr is outside FRAME_METADATA_RANGE.
 */
export function metaToPage(vaddr: bigint): number {
  if (typeof vaddr !== 'bigint' || vaddr < FRAME_METADATA_BASE_VADDR || vaddr >= FRAME_METADATA_CAP_VADDR) {
    throw new MetaVaddrError('meta_to_page', typeof vaddr === 'bigint' ? vaddr : BigInt(-1));
  }
  return Number((vaddr - FRAME_METADATA_BASE_VADDR) / BigInt(META_SLOT_SIZE)) * PAGE_SIZE;
}
