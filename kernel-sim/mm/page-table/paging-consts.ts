/**
 * `PagingConstsTrait` and x86-64's `PagingConsts` (232e62b `arch/x86/mm/mod.rs`): 4 KiB base
 * pages, 512 eight-byte PTEs per node, 4 levels (48-bit addresses) with 2 MiB as the highest
 * translation level at 232e62b; 5 levels (57-bit) as a cheap variant. Levels are numbered as in
 * the seed: 1 is the last level (4 KiB PTEs), `nrLevels` the root.
 *
 * The cursor works on virtual page numbers (`vpn` = the address's low `addressWidth` bits / 4096)
 * as plain numbers: every quantity below stays under 2^53, so no bigint arithmetic is needed on
 * the hot path (a 57-bit address has a 45-bit vpn).
 * @module
 */

/** The constants that determine a paging system. */
export interface PagingConsts {
  /** Name shown in reports, e.g. `x86-64 4-level`. */
  readonly name: string;
  /** `BASE_PAGE_SIZE`: the page size at level 1. */
  readonly basePageSize: number;
  /** `NR_LEVELS`. */
  readonly nrLevels: number;
  /** `ADDRESS_WIDTH` in bits (48 or 57). */
  readonly addressWidth: number;
  /** `HIGHEST_TRANSLATION_LEVEL`: the highest level whose PTE may map a page (2 = 2 MiB). */
  readonly highestTranslationLevel: number;
  /** `PTE_SIZE` in bytes. */
  readonly pteSize: number;
}

/** x86-64 4-level paging exactly as 232e62b declares it (huge pages up to 2 MiB). */
export const X86_64_PAGING: PagingConsts = Object.freeze({
  name: 'x86-64 4-level',
  basePageSize: 4096,
  nrLevels: 4,
  addressWidth: 48,
  highestTranslationLevel: 2,
  pteSize: 8,
});

/** x86-64 4-level paging with 1 GiB pages allowed (HIGHEST_TRANSLATION_LEVEL 3). */
export const X86_64_PAGING_1G: PagingConsts = Object.freeze({ ...X86_64_PAGING, name: 'x86-64 4-level, 1 GiB pages', highestTranslationLevel: 3 });

/** x86-64 5-level paging (LA57), 57-bit addresses. 232e62b does not ship it; cheap to model. */
export const X86_64_PAGING_5: PagingConsts = Object.freeze({ ...X86_64_PAGING, name: 'x86-64 5-level', nrLevels: 5, addressWidth: 57 });

/**
 * The IOMMU's second-level paging (`arch/x86/iommu/second_stage.rs` `PagingConsts` at 232e62b):
 * 4 KiB pages, 3 levels, 39-bit addresses, 4 KiB leaves only (HIGHEST_TRANSLATION_LEVEL 1).
 */
export const VTD_SL_PAGING: PagingConsts = Object.freeze({
  name: 'VT-d second-level 3-level',
  basePageSize: 4096,
  nrLevels: 3,
  addressWidth: 39,
  highestTranslationLevel: 1,
  pteSize: 8,
});

/** Number of PTEs per node: `nr_subpage_per_huge` (512). */
export const NR_ENTRIES_PER_NODE = 512;

/** Base pages per page at each level: index `level` → 512^(level-1) (index 0 unused). */
const PAGES_AT: readonly number[] = [0, 1, 512, 512 ** 2, 512 ** 3, 512 ** 4, 512 ** 5];

/** Base pages covered by one PTE at `level` (1 at level 1, 512 at level 2, ...). */
export function pagesAt(level: number): number {
  return PAGES_AT[level]!;
}

/** `page_size::<C>(level)` in bytes (4 KiB, 2 MiB, 1 GiB, 512 GiB, 256 TiB). */
export function pageSize(c: PagingConsts, level: number): number {
  return c.basePageSize * PAGES_AT[level]!;
}

/** `pte_index::<C>(va, level)` on a virtual page number. */
export function pteIndexOfVpn(vpn: number, level: number): number {
  return Math.floor(vpn / PAGES_AT[level]!) % NR_ENTRIES_PER_NODE;
}

/** `pte_index::<C>(va, level)` on a virtual address (bigint, as 232e62b shifts a usize). */
export function pteIndex(c: PagingConsts, va: bigint, level: number): number {
  const shift = BigInt(Math.log2(c.basePageSize) + 9 * (level - 1));
  return Number((va >> shift) & 511n);
}
