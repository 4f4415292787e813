/**
 * Fault reasons of legacy-mode DMA remapping (VT-d spec appendix A; QEMU `VTDFaultReason`,
 * Linux `dma_remap_fault_reasons[]`; shared/reference/hardware-and-metrics.md §3.7), and which of
 * them are "qualified", i.e. suppressed by a context entry's FPD (QEMU's list).
 * @module
 */

/** The legacy fault reasons 1..0xD. */
export const FaultReason = Object.freeze({
  /** Root entry P=0. */
  RootEntryNotPresent: 0x1,
  /** Context entry P=0. */
  ContextEntryNotPresent: 0x2,
  /** Invalid programming of a context entry (TT, AW). */
  ContextEntryInvalid: 0x3,
  /** Input address above the AGAW (2^x - 1). */
  AddressBeyondMgaw: 0x4,
  /** Write not permitted by the second-level entries. */
  WriteDenied: 0x5,
  /** Read not permitted (includes a non-present entry, R=W=0, on a read). */
  ReadDenied: 0x6,
  /** A second-level table entry could not be read. */
  PagingEntryInvalid: 0x7,
  /** The root entry could not be read. */
  RootTableInvalid: 0x8,
  /** The context entry could not be read. */
  ContextTableInvalid: 0x9,
  /** Non-zero reserved bits in a present root entry. */
  RootEntryReserved: 0xa,
  /** Non-zero reserved bits in a present context entry. */
  ContextEntryReserved: 0xb,
  /** Non-zero reserved bits in a present second-level entry. */
  PagingEntryReserved: 0xc,
  /** The context entry's TT blocks the request (e.g. a translated request without TT=01). */
  ContextEntryTtBlocked: 0xd,
} as const);

/** A fault reason value. */
export type FaultReasonCode = (typeof FaultReason)[keyof typeof FaultReason];

/** Linux's descriptions (drivers/iommu/intel/dmar.c), by reason. */
export const FAULT_REASON_NAMES: readonly string[] = Object.freeze([
  'Software', 'Present bit in root entry is clear', 'Present bit in context entry is clear',
  'Invalid context entry', 'Access beyond MGAW', 'PTE Write access is not set', 'PTE Read access is not set',
  'Next page table ptr is invalid', 'Root table address invalid', 'Context table ptr is invalid',
  'non-zero reserved fields in RTP', 'non-zero reserved fields in CTP', 'non-zero reserved fields in PTE',
  'PCE for translation request specifies blocking',
]);

/** Short names for charts and tables, by reason. */
export const FAULT_REASON_KEYS: readonly string[] = Object.freeze([
  'software', 'root-not-present', 'context-not-present', 'context-invalid', 'beyond-mgaw', 'write-denied',
  'read-denied', 'paging-entry-invalid', 'root-table-invalid', 'context-table-invalid', 'root-reserved',
  'context-reserved', 'pte-reserved', 'tt-blocked',
]);

/**
 * True for the reasons FPD=1 suppresses (QEMU `vtd_is_qualified_fault`: 2, 3, 4, 5, 6, 7, 0xC, 0xD).
 * Reasons 1, 8, 9 and 0xA arise before a context entry is found, so they are always recorded;
 * 0xB (reserved bits in the context entry) is recorded as well.
 */
export function isQualifiedFault(reason: number): boolean {
  return (reason >= 2 && reason <= 7) || reason === 0xc || reason === 0xd;
}
