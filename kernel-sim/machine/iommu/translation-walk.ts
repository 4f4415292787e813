/**
 * The legacy-mode walk of VT-d translation structures in physical memory (spec §3.4-3.7, §9;
 * checks and their order as QEMU's `vtd_dev_to_context_entry` and `vtd_iova_to_slpte`):
 * root entry by bus, context entry by devfn, then the second-level tables, 9 index bits per
 * level, R/W at every level (no P bit: R|W = 0 is not present), PS leaves at the PDE (2 MiB)
 * and PDPTE (1 GiB) where CAP.SLLPS allows, reserved bits above the host address width.
 * Entries are read as u32 halves so the walk does no bigint work.
 * The functions return 0 on success or the fault reason (1..0xD), writing into a scratch
 * object; they allocate nothing.
 * @module
 */
import type { PhysicalMemory } from '../physical-memory.js';
import { SL_HI_IGNORED, SL_HI_TM, SL_PS, SL_R, SL_SNP, SL_W } from './entries.js';

const TWO32 = 4294967296;
// Scratch words of the entry being read (the walk allocates nothing).
const W = new Uint32Array(4);

/** What the unit's capabilities say about entries (fixed per unit). */
export interface WalkLimits {
  /** Host address width in bits (QEMU: = aw-bits, 39): address bits at and above it are reserved. */
  readonly haw: number;
  /** SAGAW bits (bit 1 = 3 levels, bit 2 = 4 levels). */
  readonly sagaw: number;
  /** SLLPS bits (bit 0 = 2 MiB, bit 1 = 1 GiB). */
  readonly sllps: number;
  /** ECAP.PT: TT=10b allowed. */
  readonly passThrough: boolean;
  /** ECAP.DT: TT=01b allowed. */
  readonly deviceTlb: boolean;
  /** ECAP.SC: SNP allowed in leaves (else reserved, as in QEMU without snoop-control). */
  readonly snoopControl: boolean;
  /** Derived: reserved address bits of an entry's high word (bits haw..51). */
  readonly hawHi: number;
  /** Derived: SNP as a reserved bit (0 with ECAP.SC). */
  readonly snpRsvd: number;
  /** Derived: TM as a reserved bit of the high word (0 with ECAP.DT). */
  readonly tmRsvd: number;
}

/** Builds {@link WalkLimits} with its derived masks. */
export function makeWalkLimits(l: { haw: number; sagaw: number; sllps: number; passThrough: boolean; deviceTlb: boolean; snoopControl: boolean }): WalkLimits {
  return Object.freeze({ ...l, hawHi: hawHiMask(l.haw), snpRsvd: l.snoopControl ? 0 : SL_SNP, tmRsvd: l.deviceTlb ? 0 : SL_HI_TM });
}

/** A decoded context entry (scratch output of {@link walkContext}). */
export interface ContextWalk {
  /** Second-level table pointer. */
  table: number;
  /** Number of second-level levels (AW + 2). */
  levels: number;
  domain: number;
  tt: number;
  /** FPD of the context entry (meaningful also when the entry is not present). */
  fpd: boolean;
  /** Whether a context entry was read at all (so fpd means something). */
  contextRead: boolean;
  /** Entries read (root and context). */
  reads: number;
}

/** A second-level leaf (scratch output of {@link walkSecondLevel}). */
export interface SecondLevelWalk {
  /** Physical base of the leaf page. */
  base: number;
  /** Leaf level: 1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB. */
  level: number;
  /** Combined rights: bit 0 read, bit 1 write. */
  rights: number;
  /** SNP of the leaf. */
  snoop: boolean;
  /** Entries read. */
  reads: number;
}

/** One entry a walk read (for tracing tools: `kernel-sim iommu`). */
export interface WalkStep {
  /** 'root', 'context', or the second-level level 4..1. */
  readonly stage: 'root' | 'context' | 4 | 3 | 2 | 1;
  /** Index in its table (bus, devfn, or the 9-bit level index). */
  readonly index: number;
  /** Physical address of the entry. */
  readonly entryAddress: number;
  /** The entry's u32 words, low to high (4 for root/context, 2 for second level). */
  readonly words: readonly number[];
}

/** A fresh {@link ContextWalk}. */
export function newContextWalk(): ContextWalk {
  return { table: 0, levels: 0, domain: 0, tt: 0, fpd: false, contextRead: false, reads: 0 };
}

/** A fresh {@link SecondLevelWalk}. */
export function newSecondLevelWalk(): SecondLevelWalk {
  return { base: 0, level: 0, rights: 0, snoop: false, reads: 0 };
}

// Mask of the high word's address bits at and above `haw` up to bit 51 (reserved).
function hawHiMask(haw: number): number {
  const from = haw - 32;
  return (((1 << 20) - 1) & ~((1 << from) - 1)) >>> 0;
}

/**
 * Reads the root and context entries of `sid` from the root table at `rootTable`.
 * @returns 0, or 1, 2, 3, 8, 9, 0xA, 0xB
 */
export function walkContext(mem: PhysicalMemory, rootTable: number, sid: number, limits: WalkLimits, out: ContextWalk, trace: WalkStep[] | null = null): number {
  out.contextRead = false;
  out.fpd = false;
  out.reads = 0;
  const hawHi = limits.hawHi;
  const ra = rootTable + (sid >>> 8) * 16;
  const w = W;
  try {
    mem.readU32Words(ra, 4, w);
  } catch {
    return 0x8;
  }
  let lo = w[0]!, hi = w[1]!, hi64lo = w[2]!, hi64hi = w[3]!;
  out.reads++;
  if (trace !== null) trace.push({ stage: 'root', index: sid >>> 8, entryAddress: ra, words: [lo, hi, hi64lo, hi64hi] });
  if ((lo & 1) === 0) return 0x1;
  if ((lo & 0xffe) !== 0 || (hi & hawHi) !== 0 || (hi >>> 20) !== 0 || hi64lo !== 0 || hi64hi !== 0) return 0xa;
  const ctp = ((lo & 0xfffff000) >>> 0) + hi * TWO32;
  const ca = ctp + (sid & 0xff) * 16;
  try {
    mem.readU32Words(ca, 4, w);
  } catch {
    return 0x9;
  }
  lo = w[0]!; hi = w[1]!; hi64lo = w[2]!; hi64hi = w[3]!;
  out.reads++;
  if (trace !== null) trace.push({ stage: 'context', index: sid & 0xff, entryAddress: ca, words: [lo, hi, hi64lo, hi64hi] });
  out.contextRead = true;
  out.fpd = (lo & 2) !== 0;
  if ((lo & 1) === 0) return 0x2;
  // QEMU VTD_CONTEXT_ENTRY_RSVD_LO 0xff0 | ~HAW, RSVD_HI 0xffffffffff000080.
  if ((lo & 0xff0) !== 0 || (hi & hawHi) !== 0 || (hi >>> 20) !== 0 || (hi64lo & 0xff000080) !== 0 || hi64hi !== 0) return 0xb;
  const aw = hi64lo & 7;
  const tt = (lo >>> 2) & 3;
  if ((limits.sagaw & (1 << aw)) === 0 && tt !== 2) return 0x3;
  if (tt === 3 || (tt === 2 && !limits.passThrough) || (tt === 1 && !limits.deviceTlb)) return 0x3;
  out.table = ((lo & 0xfffff000) >>> 0) + hi * TWO32;
  out.levels = aw + 2;
  out.domain = (hi64lo >>> 8) & 0xffff;
  out.tt = tt;
  return 0;
}

const POW2 = Float64Array.from({ length: 64 }, (_, i) => 2 ** i);

/** The input-address limit of a walk with `levels` levels: 2^(12 + 9*levels), capped at 2^mgaw (QEMU vtd_iova_limit). */
export function addressLimit(levels: number, mgaw: number): number {
  const bits = 12 + 9 * levels;
  return POW2[bits < mgaw ? bits : mgaw]!;
}

/**
 * Walks the second-level tables at `table` (`levels` deep) for device address `addr`.
 * @param write the request is a write (checks W at every level, else R)
 * @returns 0, or 3 (top table unreadable), 5, 6, 7, 0xC. The caller checks the AGAW (reason 4).
 */
export function walkSecondLevel(
  mem: PhysicalMemory, table: number, levels: number, addr: number, write: boolean, limits: WalkLimits, out: SecondLevelWalk,
  trace: WalkStep[] | null = null,
): number {
  out.reads = 0;
  try {
    return slWalk(mem, table, levels, addr, write ? SL_W : SL_R, limits, out, trace);
  } catch {
    // An entry read outside RAM: the top table means a bad context entry (QEMU), else 7.
    return out.reads === 0 ? 0x3 : 0x7;
  }
}

function slWalk(mem: PhysicalMemory, table: number, levels: number, addr: number, need: number, m: WalkLimits, out: SecondLevelWalk, trace: WalkStep[] | null): number {
  const hawHi = m.hawHi;
  const snpRsvd = m.snpRsvd;
  const tmRsvd = m.tmRsvd;
  const vpn = Math.floor(addr / 4096);
  let rights = SL_R | SL_W;
  let level = levels;
  let t = table;
  for (;;) {
    const idx = level === 1 ? vpn & 511 : level === 2 ? (vpn >>> 9) & 511 : level === 3 ? (vpn >>> 18) & 511 : Math.floor(vpn / 134217728) & 511;
    const ea = t + idx * 8;
    mem.readU32Words(ea, 2, W);
    const lo = W[0]!;
    const hi = W[1]!;
    out.reads++;
    if (trace !== null) trace.push({ stage: level as 1 | 2 | 3 | 4, index: idx, entryAddress: ea, words: [lo, hi] });
    if ((lo & need) === 0) return need === SL_W ? 0x5 : 0x6;
    rights &= lo;
    // Bit 7 of a 4 KiB entry is ignored (QEMU's level-1 reserved mask leaves it out).
    const ps = level !== 1 && (lo & SL_PS) !== 0;
    const leaf = level === 1 || ps;
    // Reserved: address bits above HAW, bit 62 (TM) unless a leaf with ECAP.DT, SNP in a leaf
    // without ECAP.SC (in a non-leaf SNP is reserved too), PS where SLLPS lacks the size or at
    // level 4, and the low address bits of a large leaf.
    let bad = (hi & hawHi & ~SL_HI_IGNORED) !== 0;
    if (leaf) {
      bad = bad || (hi & tmRsvd) !== 0 || (lo & snpRsvd) !== 0;
      if (ps) {
        if (level >= 4 || (level === 2 && (m.sllps & 1) === 0) || (level === 3 && (m.sllps & 2) === 0)) bad = true;
        else if (level === 2 ? (lo & 0x1ff000) !== 0 : (lo & 0x3ffff000) !== 0) bad = true;
      }
    } else {
      bad = bad || (hi & SL_HI_TM) !== 0 || (lo & SL_SNP) !== 0;
    }
    if (bad) return 0xc;
    const high = (hi & 0xfffff & ~hawHi) * TWO32;
    if (leaf) {
      out.level = level;
      out.rights = rights & (SL_R | SL_W);
      out.snoop = (lo & SL_SNP) !== 0;
      out.base = ((lo & (level === 1 ? 0xfffff000 : level === 2 ? 0xffe00000 : 0xc0000000)) >>> 0) + high;
      return 0;
    }
    t = ((lo & 0xfffff000) >>> 0) + high;
    level--;
  }
}
