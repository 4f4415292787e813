/**
 * Bits of an IA-32e paging-structure entry (SDM Vol. 3A §4.5, tables 4-15 to 4-20; Linux
 * `pgtable_types.h`), as bigints for building entries and as numbers over the low and high
 * 32-bit halves, which is how the walker reads them (no bigint work on the hot path).
 * MAXPHYADDR is 52, so address bits are 12..51 and no bits between 51 and MAXPHYADDR are reserved.
 * @module
 */

/** Present. */
export const PTE_P = 1n << 0n;
/** Read/write: writes allowed when set. */
export const PTE_RW = 1n << 1n;
/** User/supervisor: user-mode access allowed when set. */
export const PTE_US = 1n << 2n;
/** Page-level write-through. */
export const PTE_PWT = 1n << 3n;
/** Page-level cache disable. */
export const PTE_PCD = 1n << 4n;
/** Accessed: set by the MMU on every entry it uses. */
export const PTE_A = 1n << 5n;
/** Dirty: set by the MMU on the leaf when written through. */
export const PTE_D = 1n << 6n;
/** Page size: in a PDPTE (1 GiB) or PDE (2 MiB) the entry maps a page; reserved in PML4E/PML5E. */
export const PTE_PS = 1n << 7n;
/** PAT index bit in a 4 KiB PTE (same position as PS). */
export const PTE_PAT_4K = 1n << 7n;
/** Global: the translation survives CR3 writes when CR4.PGE is set (leaf only). */
export const PTE_G = 1n << 8n;
/** PAT index bit in a 2 MiB or 1 GiB leaf. */
export const PTE_PAT_LARGE = 1n << 12n;
/** Execute-disable (XD/NX); reserved unless EFER.NXE. */
export const PTE_NX = 1n << 63n;
/** Physical-address bits 12..51. */
export const PTE_ADDR_MASK = ((1n << 52n) - 1n) & ~0xfffn;

/** Low-half masks the walker uses. */
export const LO_P = 0x1;
export const LO_RW = 0x2;
export const LO_US = 0x4;
export const LO_PWT = 0x8;
export const LO_PCD = 0x10;
export const LO_A = 0x20;
export const LO_D = 0x40;
export const LO_PS = 0x80;
export const LO_G = 0x100;
export const LO_PAT_LARGE = 0x1000;
/** Reserved bits 20:13 of a 2 MiB leaf (bit 12 is PAT). */
export const LO_RSVD_2M = 0x1fe000;
/** Reserved bits 29:13 of a 1 GiB leaf. */
export const LO_RSVD_1G = 0x3fffe000;
/** NX in the high half (bit 63). */
export const HI_NX = 0x80000000;
/** Address bits 51:32 in the high half. */
export const HI_ADDR = 0xfffff;

/** Builds an entry pointing at `paddr` (a multiple of 4 KiB) with `flags` (PTE_* ORed). */
export function makePte(paddr: number, flags: bigint): bigint {
  return (BigInt(paddr) & PTE_ADDR_MASK) | flags;
}

/** The physical address bits 12..51 of an entry. */
export function pteAddress(entry: bigint): number {
  return Number(entry & PTE_ADDR_MASK);
}
