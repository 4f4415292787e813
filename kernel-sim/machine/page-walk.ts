/**
 * The IA-32e page walk (SDM Vol. 3A §4.5): 4 or 5 levels of 512 8-byte entries read from
 * physical memory, PS leaves at the PDPTE (1 GiB) and PDE (2 MiB), reserved-bit checks, the
 * combined access rights of all levels (§4.6), and the accessed/dirty write-back (§4.8).
 *
 * Entries are read as two u32 halves so the walk does no bigint work, straight from the table
 * page's bytes: the walker keeps the last table page of each level (checked against the memory's
 * page epoch) and reads through `readU32` only where an entry is not wholly in RAM, so faults
 * are raised exactly as before.
 * Model choice: A bits (every level) and D (the leaf, on writes) are written only when the whole
 * access succeeds; the SDM allows processors to set A on walks that then fault, which this omits.
 * @module
 */
import type { PhysicalMemory } from './physical-memory.js';
import {
  HI_ADDR, HI_NX, LO_A, LO_D, LO_G, LO_P, LO_PAT_LARGE, LO_PCD, LO_PS, LO_PWT, LO_RSVD_1G, LO_RSVD_2M, LO_RW, LO_US,
} from './pte-bits.js';
import { PF_I, PF_P, PF_RSVD, PF_U, PF_W } from './page-fault.js';

/** Access kind bit: a write (same position as the error code's W/R bit). */
export const ACCESS_WRITE = PF_W;
/** Access kind bit: a user-mode (CPL 3) access (same position as U/S). */
export const ACCESS_USER = PF_U;
/** Access kind bit: an instruction fetch (same position as I/D). */
export const ACCESS_EXEC = PF_I;

/** Combined rights and leaf attributes of a translation, as a bit set. */
export const PERM_W = 1;
export const PERM_U = 2;
export const PERM_X = 4;
export const PERM_G = 8;
export const PERM_D = 16;
export const PERM_PWT = 32;
export const PERM_PCD = 64;
export const PERM_PAT = 128;

/** Page sizes by leaf level (1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB). */
export const PAGE_SIZE_OF_LEVEL = [0, 4096, 2 ** 21, 2 ** 30] as const;

/** Where a walk writes its result (a reused scratch object: the walk allocates nothing). */
export interface WalkResult {
  /** Physical base of the page. */
  base: number;
  /** Leaf level: 1, 2 or 3. */
  level: number;
  /** PERM_* bits. */
  perms: number;
  /** Entries read by the walk (also when it faulted). */
  reads: number;
}

/** Paging parameters a walk needs, from the CPU's control registers. */
export interface WalkContext {
  readonly root: number;
  readonly levels: number;
  readonly nxe: boolean;
}

const TWO32 = 4294967296;
const entryAddr = new Float64Array(6);
const entryLo = new Float64Array(6);
// Per level: the table page last read and its bytes, valid while the memory's pageEpoch holds.
const viewTable = new Float64Array(6).fill(-1);
const viewBytes: (DataView | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
let viewMem: PhysicalMemory | null = null;
let viewEpoch = -1;

/** No fault: the return value of {@link mmuWalk} on success. */
export const WALK_OK = -1;

/**
 * Walks the tables for page number `vpn` (bits 56:12 of the linear address).
 * @param access ACCESS_* bits; only used for the error code of a not-present or reserved-bit fault.
 * @param update write A/D bits back (false: a side-effect-free peek)
 * @param reads when given, reads[level] counts the entries read at each level
 * @returns WALK_OK, or the page-fault error code (rights are checked separately by {@link rightsFault}).
 */
export function mmuWalk(
  mem: PhysicalMemory, ctx: WalkContext, vpn: number, access: number, out: WalkResult, reads: Float64Array | null,
): number {
  const nxe = ctx.nxe;
  let table = ctx.root;
  let level = ctx.levels;
  let rw = LO_RW;
  let us = LO_US;
  let nx = 0;
  let n = 0;
  // Bits 26:0 of the page number index levels 1-3, bits 44:27 levels 4-5. `&` on an
  // integer-valued double is exact modulo 2^32, so no floating `%` is needed.
  const low27 = vpn & 0x7ffffff;
  const high18 = Math.floor(vpn / 134217728) & 0x3ffff;
  if (mem !== viewMem || mem.pageEpoch !== viewEpoch) {
    viewMem = mem;
    viewEpoch = mem.pageEpoch;
    viewTable.fill(-1);
  }
  for (;;) {
    const idx = level === 1 ? low27 & 511 : level === 2 ? (low27 >>> 9) & 511 : level === 3 ? low27 >>> 18 : level === 4 ? high18 & 511 : high18 >>> 9;
    const addr = table + idx * 8;
    let lo: number;
    let hi: number;
    if ((table & 0xfff) === 0 && mem.ram.contains(addr, 8)) {
      let bytes: DataView | undefined;
      if (viewTable[level] === table) {
        bytes = viewBytes[level];
      } else {
        bytes = mem.pageView(table / 4096);
        viewTable[level] = table;
        viewBytes[level] = bytes;
      }
      lo = bytes === undefined ? 0 : bytes.getUint32(idx * 8, true);
      hi = bytes === undefined ? 0 : bytes.getUint32(idx * 8 + 4, true);
    } else {
      // Not wholly RAM (or an unaligned root): the checked reads raise the fault.
      lo = mem.readU32(addr);
      hi = mem.readU32(addr + 4);
    }
    if (reads !== null) reads[level]! += 1;
    entryAddr[n] = addr;
    entryLo[n] = lo;
    n++;
    out.reads = n;
    if ((lo & LO_P) === 0) return baseCode(access, nxe);
    const ps = (lo & LO_PS) !== 0;
    if ((!nxe && (hi & HI_NX) !== 0) || (ps && (level >= 4 || (level === 3 && (lo & LO_RSVD_1G) !== 0) || (level === 2 && (lo & LO_RSVD_2M) !== 0)))) {
      return baseCode(access, nxe) | PF_P | PF_RSVD;
    }
    rw &= lo;
    us &= lo;
    nx |= hi & HI_NX;
    const highAddr = (hi & HI_ADDR) * TWO32;
    if (level === 1 || ps) {
      let perms = (rw ? PERM_W : 0) | (us ? PERM_U : 0) | (nx !== 0 && nxe ? 0 : PERM_X) | (lo & LO_D ? PERM_D : 0)
        | (lo & LO_G ? PERM_G : 0) | (lo & LO_PWT ? PERM_PWT : 0) | (lo & LO_PCD ? PERM_PCD : 0);
      if (level === 1) {
        if (lo & LO_PS) perms |= PERM_PAT; // bit 7 of a 4 KiB PTE is PAT
        out.base = ((lo & 0xfffff000) >>> 0) + highAddr;
      } else {
        if (lo & LO_PAT_LARGE) perms |= PERM_PAT;
        out.base = ((lo & (level === 2 ? 0xffe00000 : 0xc0000000)) >>> 0) + highAddr;
      }
      out.level = level;
      out.perms = perms;
      walkDepth = n;
      return WALK_OK;
    }
    table = ((lo & 0xfffff000) >>> 0) + highAddr;
    level--;
  }
}

// Entries of the last successful walk, for mmuWriteBack.
let walkDepth = 0;

/**
 * Sets A on every entry of the last successful {@link mmuWalk} and D on its leaf when `write`,
 * as the processor's locked updates would.
 */
export function mmuWriteBack(mem: PhysicalMemory, write: boolean): void {
  const last = walkDepth - 1;
  for (let i = 0; i <= last; i++) {
    const lo = entryLo[i]!;
    const want = i === last && write ? lo | LO_A | LO_D : lo | LO_A;
    if (want !== lo) mem.writeU32(entryAddr[i]!, want >>> 0);
  }
}

/** The error-code bits every fault of this access carries (I/D only with NXE: SDM §4.7). */
export function baseCode(access: number, nxe: boolean): number {
  return (access & (PF_W | PF_U)) | (nxe ? access & PF_I : 0);
}

/**
 * Checks the combined rights `perms` against an access (SDM §4.6; SMEP, SMAP and protection keys
 * are not modelled, so supervisor accesses to user pages are allowed).
 * @returns 0, or the page-fault error code.
 */
export function rightsFault(perms: number, access: number, wp: boolean, nxe: boolean): number {
  const user = (access & ACCESS_USER) !== 0;
  if ((user && (perms & PERM_U) === 0)
    || ((access & ACCESS_WRITE) !== 0 && (perms & PERM_W) === 0 && (user || wp))
    || ((access & ACCESS_EXEC) !== 0 && (perms & PERM_X) === 0)) {
    return baseCode(access, nxe) | PF_P;
  }
  return 0;
}
