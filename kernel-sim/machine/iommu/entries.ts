/**
 * Bit layouts of the legacy translation structures (VT-d spec §9.1-9.3, QEMU, Linux, Asterinas;
 * shared/reference/hardware-and-metrics.md §3.3-3.4) and encoders that build entries as a
 * program would. Entries are 128-bit (root, context) or 64-bit (second-level) little-endian words
 * in physical memory; the unit reads them there.
 * @module
 */

/** Bytes per root or context entry. */
export const ROOT_ENTRY_SIZE = 16;
export const CONTEXT_ENTRY_SIZE = 16;
/** Entries per root table (by bus) and per context table (by devfn). */
export const ROOT_ENTRIES = 256;
export const CONTEXT_ENTRIES = 256;

/** Root entry lo bit 0: present. Bits 63:12: context-table pointer. Bits 11:1 and hi reserved. */
export const ROOT_LO_P = 1n;
/** Context entry lo bit 0: present. */
export const CONTEXT_LO_P = 1n;
/** Context entry lo bit 1: fault processing disable. */
export const CONTEXT_LO_FPD = 2n;
/** Context entry lo bits 3:2: translation type. */
export const CONTEXT_LO_TT_SHIFT = 2n;
/** Context entry hi bits 2:0: address width (1 = 39-bit/3-level, 2 = 48-bit/4-level). */
export const CONTEXT_HI_AW_MASK = 7n;
/** Context entry hi bits 23:8: domain id. */
export const CONTEXT_HI_DID_SHIFT = 8n;

/** Translation types (context entry TT). */
export const TranslationType = Object.freeze({
  /** Untranslated requests are translated by the second-level tables. */
  Untranslated: 0,
  /** As 0, plus translated and translation requests (device TLB; needs ECAP.DT). */
  AllRequests: 1,
  /** Untranslated requests pass through (needs ECAP.PT). */
  PassThrough: 2,
  /** Reserved. */
  Reserved: 3,
} as const);

/** Second-level entry bits: read (0), write (1), page size (7), snoop (11), transient mapping (62). */
export const SL_R = 1;
export const SL_W = 2;
export const SL_PS = 0x80;
export const SL_SNP = 0x800;
/** Bit 62 (TM) as a bit of the high u32 word. */
export const SL_HI_TM = 1 << 30;
/** Bits of the high u32 word the hardware ignores (bits 63 and 61:52: QEMU `VTD_SL_IGN_COM`). */
export const SL_HI_IGNORED = 0xbff00000 >>> 0;

/** Fields of a root entry. */
export interface RootEntryFields {
  readonly present: boolean;
  /** Physical address of the context table (4 KiB aligned). */
  readonly contextTable: number;
}

/** Fields of a context entry. */
export interface ContextEntryFields {
  readonly present: boolean;
  readonly faultProcessingDisable?: boolean;
  /** 0..3 (see {@link TranslationType}). */
  readonly translationType?: number;
  /** Physical address of the second-level root table (4 KiB aligned). */
  readonly secondLevelTable: number;
  /** 1 = 39-bit (3 levels, the default), 2 = 48-bit. */
  readonly addressWidth?: number;
  /** Domain id, 0..65535. */
  readonly domainId?: number;
}

/** Encodes a root entry as [lo, hi]. */
export function encodeRootEntry(e: RootEntryFields): [bigint, bigint] {
  return [BigInt(e.contextTable) | (e.present ? ROOT_LO_P : 0n), 0n];
}

/** Encodes a context entry as [lo, hi]. */
export function encodeContextEntry(e: ContextEntryFields): [bigint, bigint] {
  const lo = BigInt(e.secondLevelTable) | (e.present ? CONTEXT_LO_P : 0n) | (e.faultProcessingDisable ? CONTEXT_LO_FPD : 0n)
    | (BigInt(e.translationType ?? 0) << CONTEXT_LO_TT_SHIFT);
  const hi = BigInt(e.addressWidth ?? 1) | (BigInt(e.domainId ?? 0) << CONTEXT_HI_DID_SHIFT);
  return [lo, hi];
}

/** Encodes a second-level entry: a table pointer or leaf at `addr` with rights (and PS for a large leaf). */
export function encodeSlEntry(addr: number, rights: { read?: boolean; write?: boolean; large?: boolean; snoop?: boolean }): bigint {
  return BigInt(addr) | (rights.read ? 1n : 0n) | (rights.write ? 2n : 0n) | (rights.large ? 0x80n : 0n) | (rights.snoop ? 0x800n : 0n);
}

/** The source id of a requester: bus << 8 | device << 3 | function. */
export function sourceIdOf(bus: number, device: number, fn: number): number {
  return (bus << 8) | (device << 3) | fn;
}
