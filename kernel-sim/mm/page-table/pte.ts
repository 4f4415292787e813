/**
 * The x86-64 `PageTableEntry` of 232e62b (`arch/x86/mm/mod.rs`, FG4.2.5-4.2.7): `new_frame`,
 * `new_pt`, `prop`, `set_prop`, `paddr`, `is_present`, `is_last`, with the hardware layout of
 * the reference (P 0, RW 1, US 2, PWT 3, PCD 4, A 5, D 6, PS 7 / PAT of a 4 KiB PTE, G 8,
 * PAT 12 of a huge leaf, address 12..51, TDX SHARED 51, NX 63).
 *
 * A PTE is two u32 halves (`lo` = bits 0-31, `hi` = bits 32-63) on the hot path, so that no
 * bigint is made per operation; the `pte*` functions give the same as one bigint.
 *
 * As at 232e62b:
 * - `set_prop` always sets PRESENT, and `prop` reports PRESENT as `PageFlags::R` (MOM-04 audited):
 *   a property without R (a write-only DMA buffer, `PageFlags::empty()`) is stored as present and
 *   reads back with R. Fixed as the seed recommends, presence is its own flag: the PTE's PRESENT
 *   bit says a page is mapped (`is_present`), and R is kept apart in bit 9, which the MMU ignores
 *   ({@link PTE_LO}.SOFT_R), so `prop` reads back exactly the flags that were set.
 *   Simplification: x86-64 has no read-disable bit, so a present page stays readable by the
 *   hardware whatever R says; R is what the kernel asked for, not an enforced right.
 * - Cache policies use the power-on PAT (PWT/PCD only): Writeback, Writethrough (PWT),
 *   Uncacheable (PCD); WriteCombining and WriteProtected `panic!("unsupported cache policy")`.
 *   {@link PteEncoding.pat} `'linux'` instead encodes all five through PAT,PCD,PWT with Linux's
 *   PAT programming (slot 1 WC, 5 WP, 7 WT; PAT is bit 7 in a 4 KiB PTE, bit 12 in a huge leaf).
 * - `PROP_MASK` is everything but the address bits and HUGE, so `set_prop` clears the rest.
 * - MOM-03 (`parse_flags!` calls `.ilog2()`, which panics on 0): {@link parseFlags} panics the
 *   same way, but no call site at 232e62b passes an empty mask (every `$from`/`$to` is a one-bit
 *   constant), so nothing observable changes and it is not a switch.
 * - With the `intel_tdx` feature, 232e62b's `new_pt` refers to a `prop` it does not have (it
 *   would not compile); the model's `new_pt` never sets SHARED.
 * @module
 */
import { hex } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { UnencodablePropertyError } from './errors.js';
import { PageFlags, PrivilegedPageFlags, type CachePolicy, type PageProperty } from './page-prop.js';
import { vtdNewPtBits, vtdPropLo, vtdPropOf } from './pte-vtd.js';

/** x86 `PageTableFlags` bits of the low half. */
export const PTE_LO = Object.freeze({
  PRESENT: 1 << 0,
  WRITABLE: 1 << 1,
  USER: 1 << 2,
  WRITE_THROUGH: 1 << 3,
  NO_CACHE: 1 << 4,
  ACCESSED: 1 << 5,
  DIRTY: 1 << 6,
  /** HUGE (PS) at levels 2-3; the PAT bit of a level-1 PTE. */
  HUGE: 1 << 7,
  GLOBAL: 1 << 8,
  /** Bit 9, ignored by the MMU: `PageFlags::R` when MOM-04 is fixed (presence is PRESENT alone). */
  SOFT_R: 1 << 9,
  /** PAT of a 2 MiB / 1 GiB leaf (bit 12). */
  PAT_HUGE: 1 << 12,
});

/** x86 `PageTableFlags` bits of the high half (bit n of the PTE is bit n-32 here). */
export const PTE_HI = Object.freeze({
  /** TDX shared bit (51). */
  SHARED: 1 << 19,
  /** NO_EXECUTE (63). */
  NO_EXECUTE: 2 ** 31,
});

/** How properties are encoded. */
export interface PteEncoding {
  /** The `intel_tdx` feature: SHARED at bit 51 and a 51-bit address mask. Default false. */
  readonly tdx: boolean;
  /** `'asterinas'` (232e62b: power-on PAT, WC/WP panic) or `'linux'` (PAT reprogrammed). */
  readonly pat: 'asterinas' | 'linux';
  /** MOM-04 audited: PRESENT stands for R (read back as R); fixed: R has its own bit. */
  readonly presentIsR: boolean;
  /**
   * The entry format: `'x86-64'` (the default when absent) or `'vtd-second-level'`, the IOMMU's
   * second-level table of `PageTable<DeviceMode>` (`pte-vtd.ts`).
   */
  readonly format?: 'x86-64' | 'vtd-second-level';
  /** SLP-01 audited (second-level format only): `new_pt` writes no R/W bits. */
  readonly slNewPtNoRw?: boolean;
}

/** 232e62b's encoding with MOM-04 audited. */
export const ASTERINAS_ENCODING: PteEncoding = Object.freeze({ tdx: false, pat: 'asterinas', presentIsR: true });

const ADDR_LO_MASK = 0xfffff000;
const TWO32 = 2 ** 32;

/** The address mask's high half: bits 32-51 (or 32-50 with TDX). */
export function addrHiMask(enc: PteEncoding): number {
  return enc.tdx ? 0x7ffff : 0xfffff;
}

/** `PageTableEntry::paddr` from the halves. A huge leaf with the 'linux' PAT drops bit 12. */
export function paddrOf(lo: number, hi: number, enc: PteEncoding, hugeLeaf = false): number {
  const loMask = hugeLeaf && enc.pat === 'linux' ? ADDR_LO_MASK & ~PTE_LO.PAT_HUGE : ADDR_LO_MASK;
  return ((lo & loMask) >>> 0) + (hi & addrHiMask(enc)) * TWO32;
}

/** `is_present`. */
export function isPresentLo(lo: number): boolean {
  return (lo & PTE_LO.PRESENT) !== 0;
}

/** `is_last(level)`: level 1, or HUGE set. */
export function isLastLo(lo: number, level: number): boolean {
  return level === 1 || (lo & PTE_LO.HUGE) !== 0;
}

// Linux's PAT slots (PAT<<2 | PCD<<1 | PWT) → policy, and policy → slot.
const LINUX_SLOTS: readonly CachePolicy[] = ['Writeback', 'WriteCombining', 'Uncacheable', 'Uncacheable', 'Writeback', 'WriteProtected', 'Uncacheable', 'Writethrough'];
const LINUX_SLOT_OF: Readonly<Record<CachePolicy, number>> = { Writeback: 0, WriteCombining: 1, Uncacheable: 3, WriteProtected: 5, Writethrough: 7 };

/**
 * The low-half property bits `set_prop` writes (PRESENT included), for a leaf at `level`.
 * @throws UnencodablePropertyError (SHARED without TDX).
 * @throws KernelPanic for WriteCombining / WriteProtected with the 232e62b PAT.
 */
export function propLo(prop: PageProperty, level: number, enc: PteEncoding): number {
  if (enc.format === 'vtd-second-level') return vtdPropLo(prop);
  const f = prop.flags;
  if (!enc.tdx && (prop.privFlags & PrivilegedPageFlags.SHARED) !== 0) {
    throw new UnencodablePropertyError('shared-without-tdx', 'PrivilegedPageFlags::SHARED exists only with the intel_tdx feature');
  }
  let lo = PTE_LO.PRESENT;
  if (!enc.presentIsR && (f & PageFlags.R) !== 0) lo |= PTE_LO.SOFT_R; // MOM-04 fixed: R apart from PRESENT
  if (f & PageFlags.W) lo |= PTE_LO.WRITABLE;
  if (f & PageFlags.ACCESSED) lo |= PTE_LO.ACCESSED;
  if (f & PageFlags.DIRTY) lo |= PTE_LO.DIRTY;
  if (prop.privFlags & PrivilegedPageFlags.USER) lo |= PTE_LO.USER;
  if (prop.privFlags & PrivilegedPageFlags.GLOBAL) lo |= PTE_LO.GLOBAL;
  if (enc.pat === 'asterinas') {
    switch (prop.cache) {
      case 'Writeback': break;
      case 'Writethrough': lo |= PTE_LO.WRITE_THROUGH; break;
      case 'Uncacheable': lo |= PTE_LO.NO_CACHE; break;
      default: throw new KernelPanic('PageTableEntry::set_prop', `unsupported cache policy ${prop.cache}`);
    }
  } else {
    const slot = LINUX_SLOT_OF[prop.cache];
    if (slot & 1) lo |= PTE_LO.WRITE_THROUGH;
    if (slot & 2) lo |= PTE_LO.NO_CACHE;
    if (slot & 4) lo |= level === 1 ? PTE_LO.HUGE : PTE_LO.PAT_HUGE;
  }
  return lo >>> 0;
}

/** The high-half property bits `set_prop` writes (NX, SHARED). */
export function propHi(prop: PageProperty, enc: PteEncoding): number {
  if (enc.format === 'vtd-second-level') return 0;
  let hi = (prop.flags & PageFlags.X) === 0 ? PTE_HI.NO_EXECUTE : 0;
  if (enc.tdx && (prop.privFlags & PrivilegedPageFlags.SHARED) !== 0) hi += PTE_HI.SHARED;
  return hi;
}

/** `PageTableEntry::prop` of a leaf at `level` from its halves. */
export function propOf(lo: number, hi: number, level: number, enc: PteEncoding): PageProperty {
  if (enc.format === 'vtd-second-level') return vtdPropOf(lo);
  let flags = 0;
  // MOM-04 audited: presence read as R; fixed: R from its own bit.
  if (enc.presentIsR ? lo & PTE_LO.PRESENT : lo & PTE_LO.SOFT_R) flags |= PageFlags.R;
  if (lo & PTE_LO.WRITABLE) flags |= PageFlags.W;
  if ((hi & PTE_HI.NO_EXECUTE) === 0) flags |= PageFlags.X;
  if (lo & PTE_LO.ACCESSED) flags |= PageFlags.ACCESSED;
  if (lo & PTE_LO.DIRTY) flags |= PageFlags.DIRTY;
  let privFlags = 0;
  if (lo & PTE_LO.USER) privFlags |= PrivilegedPageFlags.USER;
  if (lo & PTE_LO.GLOBAL) privFlags |= PrivilegedPageFlags.GLOBAL;
  if (enc.tdx && (hi & PTE_HI.SHARED) !== 0) privFlags |= PrivilegedPageFlags.SHARED;
  let cache: CachePolicy;
  if (enc.pat === 'asterinas') {
    cache = lo & PTE_LO.NO_CACHE ? 'Uncacheable' : lo & PTE_LO.WRITE_THROUGH ? 'Writethrough' : 'Writeback';
  } else {
    const pat = level === 1 ? lo & PTE_LO.HUGE : lo & PTE_LO.PAT_HUGE;
    cache = LINUX_SLOTS[(pat ? 4 : 0) | (lo & PTE_LO.NO_CACHE ? 2 : 0) | (lo & PTE_LO.WRITE_THROUGH ? 1 : 0)]!;
  }
  return { flags, cache, privFlags };
}

/** The low half of `new_frame(paddr, level, prop)`. */
export function newFrameLo(paddr: number, level: number, propBitsLo: number): number {
  // paddr & PHYS_ADDR_MASK | (level != 1) << HUGE
  return ((paddr % TWO32 & ADDR_LO_MASK) | (level !== 1 ? PTE_LO.HUGE : 0) | propBitsLo) >>> 0;
}

/** The high half of `new_frame(paddr, level, prop)`. */
export function newFrameHi(paddr: number, propBitsHi: number, enc: PteEncoding): number {
  return (Math.floor(paddr / TWO32) & addrHiMask(enc)) + propBitsHi;
}

/**
 * The low half of `new_pt(paddr)`: PRESENT | WRITABLE | USER, the most permissive; for the
 * second-level format R | W (none with SLP-01).
 */
export function newPtLo(paddr: number, enc?: PteEncoding): number {
  const bits = enc !== undefined && enc.format === 'vtd-second-level' ? vtdNewPtBits(enc.slNewPtNoRw === true) : PTE_LO.PRESENT | PTE_LO.WRITABLE | PTE_LO.USER;
  return ((paddr % TWO32 & ADDR_LO_MASK) | bits) >>> 0;
}

/** The high half of `new_pt(paddr)`. */
export function newPtHi(paddr: number, enc: PteEncoding): number {
  return Math.floor(paddr / TWO32) & addrHiMask(enc);
}

/** The low half after `set_prop`: keeps the address bits and HUGE (`!PROP_MASK`). */
export function setPropLo(lo: number, propBitsLo: number, level: number, enc: PteEncoding): number {
  // A 4 KiB PTE's bit 7 is PAT, not HUGE (is_last ignores it at level 1): keep bit 7 only above;
  // with the Linux PAT, bit 12 of a huge leaf is PAT, not address.
  const keep = level === 1 ? ADDR_LO_MASK : enc.pat === 'linux' ? (ADDR_LO_MASK & ~PTE_LO.PAT_HUGE) | PTE_LO.HUGE : ADDR_LO_MASK | PTE_LO.HUGE;
  return ((lo & keep) | propBitsLo) >>> 0;
}

/** The high half after `set_prop`. */
export function setPropHi(hi: number, propBitsHi: number, enc: PteEncoding): number {
  return (hi & addrHiMask(enc)) + propBitsHi;
}

/** Joins the halves into the 64-bit PTE. */
export function pteFromHalves(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Splits a 64-bit PTE into `[lo, hi]`. */
export function pteHalves(pte: bigint): [number, number] {
  return [Number(pte & 0xffff_ffffn), Number((pte >> 32n) & 0xffff_ffffn)];
}

/** `PageTableEntry::new_frame(paddr, level, prop)` as one u64. */
export function pteNewFrame(paddr: number, level: number, prop: PageProperty, enc: PteEncoding = ASTERINAS_ENCODING): bigint {
  return pteFromHalves(newFrameLo(paddr, level, propLo(prop, level, enc)), newFrameHi(paddr, propHi(prop, enc), enc));
}

/** `PageTableEntry::new_pt(paddr)` as one u64. */
export function pteNewPt(paddr: number, enc: PteEncoding = ASTERINAS_ENCODING): bigint {
  return pteFromHalves(newPtLo(paddr), newPtHi(paddr, enc));
}

/** `PageTableEntry::prop` of a leaf PTE at `level`. */
export function pteProp(pte: bigint, level = 1, enc: PteEncoding = ASTERINAS_ENCODING): PageProperty {
  const [lo, hi] = pteHalves(pte);
  return propOf(lo, hi, level, enc);
}

/** `PageTableEntry::paddr`. */
export function ptePaddr(pte: bigint, enc: PteEncoding = ASTERINAS_ENCODING, hugeLeaf = false): number {
  const [lo, hi] = pteHalves(pte);
  return paddrOf(lo, hi, enc, hugeLeaf);
}

/** `PageTableEntry::is_present`. */
export function pteIsPresent(pte: bigint): boolean {
  return (pte & 1n) !== 0n;
}

/** `PageTableEntry::is_last(level)`. */
export function pteIsLast(pte: bigint, level: number): boolean {
  return level === 1 || (pte & 0x80n) !== 0n;
}

/**
 * `parse_flags!(val, from, to)`: `(val & from) >> from.ilog2() << to.ilog2()`, on u64 bits.
 * @throws KernelPanic when `from` or `to` is 0, as `.ilog2()` panics (MOM-03).
 */
export function parseFlags(val: bigint, from: bigint, to: bigint): bigint {
  if (from === 0n || to === 0n) throw new KernelPanic('parse_flags!', 'argument of integer logarithm must be positive (ilog2 of 0) (MOM-03)');
  const ilog2 = (x: bigint): bigint => BigInt(x.toString(2).length - 1);
  return ((val & from) >> ilog2(from)) << ilog2(to);
}
