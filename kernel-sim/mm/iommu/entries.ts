/**
 * Root and context entries (legacy mode, 128 bits each) as bytes in machine memory, with the
 * VT-d layout (reference §3.3; 232e62b `context_table.rs`):
 * - root entry (256 per table, by bus): lo bit 0 P, bits 63:12 the context-table pointer;
 * - context entry (256 per table, by devfn): lo bit 0 P, bit 1 FPD, bits 3:2 TT, bits 63:12
 *   SLPTPTR; hi bits 2:0 AW (1 = 39-bit, 3-level), bits 23:8 DID.
 * Entries are read and written as two little-endian u64 halves (`lo` at +0, `hi` at +8).
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';

/** Bytes per root or context entry. */
export const ENTRY_SIZE = 16;
/** Entries per root or context table. */
export const ENTRIES_PER_TABLE = 256;
const ADDR_MASK = 0xffff_ffff_ffff_f000n;

/** A 128-bit entry as its halves. */
export interface Entry128 {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** Reads entry `idx` of the table at `table`. */
export function readEntry(mem: PhysicalMemory, table: number, idx: number): Entry128 {
  const a = table + idx * ENTRY_SIZE;
  return { lo: mem.readU64(a), hi: mem.readU64(a + 8) };
}

/** Writes entry `idx` of the table at `table`. */
export function writeEntry(mem: PhysicalMemory, table: number, idx: number, e: Entry128): void {
  const a = table + idx * ENTRY_SIZE;
  mem.writeU64(a, e.lo);
  mem.writeU64(a + 8, e.hi);
}

/** `RootEntry(address | 1)`. */
export function rootEntry(contextTable: number): Entry128 {
  return { lo: (BigInt(contextTable) & ADDR_MASK) | 1n, hi: 0n };
}

/** `RootEntry::is_present`. */
export function entryPresent(e: Entry128): boolean {
  return (e.lo & 1n) !== 0n;
}

/** `RootEntry::addr` / `ContextEntry::second_stage_pointer`: bits 63:12 of lo. */
export function entryAddr(e: Entry128): number {
  return Number(e.lo & ADDR_MASK);
}

/** Fields of a context entry. */
export interface ContextEntryFields {
  readonly present: boolean;
  /** Fault processing disable. */
  readonly fpd: boolean;
  /** Translation type (0: untranslated requests use the second-level table). */
  readonly tt: number;
  /** Second-level page-table pointer. */
  readonly slptptr: number;
  /** Address width (1: 39-bit / 3-level). */
  readonly aw: number;
  /** Domain identifier. */
  readonly did: number;
}

/**
 * `ContextEntry(address | 1 | 1 << 64)` (FPD 0) or `| 3` (FPD 1): P, FPD, TT 0, AW 1, DID 0,
 * as 232e62b writes them; `did` (bits 87:72) is the DID-01 fix's domain id.
 */
export function contextEntry(pageTableRoot: number, fpd: boolean, did = 0): Entry128 {
  return { lo: (BigInt(pageTableRoot) & ADDR_MASK) | (fpd ? 3n : 1n), hi: 1n | (BigInt(did & 0xffff) << 8n) };
}

/** Decodes a context entry. */
export function contextEntryFields(e: Entry128): ContextEntryFields {
  return {
    present: (e.lo & 1n) !== 0n,
    fpd: (e.lo & 2n) !== 0n,
    tt: Number((e.lo >> 2n) & 3n),
    slptptr: Number(e.lo & ADDR_MASK),
    aw: Number(e.hi & 7n),
    did: Number((e.hi >> 8n) & 0xffffn),
  };
}
