import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import {
  ASTERINAS_ENCODING, CACHE_POLICIES, PageFlags, pageProperty, parseFlags, PrivilegedPageFlags, pteIsLast, pteIsPresent, pteNewFrame, pteNewPt, ptePaddr, pteProp,
  UnencodablePropertyError, type PageProperty, type PteEncoding,
} from '../../../kernel-sim/mm/page-table/index.js';

const FIXED: PteEncoding = { ...ASTERINAS_ENCODING, presentIsR: false };
const LINUX: PteEncoding = { ...FIXED, pat: 'linux' };
const TDX: PteEncoding = { ...FIXED, tdx: true };

// 232e62b's set_prop written with parse_flags! on u64, as the reference for the fast encoder.
function referenceNewFrame(paddr: bigint, level: number, p: PageProperty): bigint {
  let flags = 1n;
  const f = BigInt(p.flags);
  const pf = BigInt(p.privFlags);
  flags |= parseFlags(f, 2n, 2n) | parseFlags(~f & 0xffn, 4n, 1n << 63n) | parseFlags(f, 8n, 0x20n) | parseFlags(f, 16n, 0x40n) | parseFlags(pf, 1n, 4n) | parseFlags(pf, 2n, 0x100n);
  if (p.cache === 'Writethrough') flags |= 8n;
  if (p.cache === 'Uncacheable') flags |= 16n;
  return (paddr & 0xf_ffff_ffff_f000n) | (BigInt(level !== 1) << 7n) | flags;
}

describe('x86-64 PageTableEntry (FG4.2.5-4.2.7)', () => {
  test('new_frame lays out the bits of the hardware', () => {
    const p = pageProperty(PageFlags.RW); // user, writeback, not executable
    expect(pteNewFrame(0x1234_5000, 1, p)).toBe(0x8000_0000_1234_5007n);
    expect(pteNewFrame(0x2_0000_0000, 2, pageProperty(PageFlags.RX, 'Uncacheable', PrivilegedPageFlags.GLOBAL))).toBe(0x0000_0002_0000_0191n);
    expect(pteNewFrame(0x1000, 1, pageProperty(PageFlags.R, 'Writethrough', 0))).toBe(0x8000_0000_0000_1009n);
  });

  test('new_pt is present, writable and user, with only the address', () => {
    expect(pteNewPt(0xabc_d000)).toBe(0xabcd007n);
    expect(pteIsPresent(pteNewPt(0x1000))).toBe(true);
    expect(pteIsLast(pteNewPt(0x1000), 2)).toBe(false);
    expect(pteIsLast(pteNewPt(0x1000), 1)).toBe(true);
  });

  test('new_frame masks the address to bits 12..51 as PHYS_ADDR_MASK does', () => {
    expect(ptePaddr(pteNewFrame(0x1234_5678, 1, pageProperty(PageFlags.R)))).toBe(0x1234_5000);
    expect(ptePaddr(pteNewFrame(2 ** 51 + 0x3000, 1, pageProperty(PageFlags.R)))).toBe(2 ** 51 + 0x3000);
  });

  test('matches a parse_flags! reference for every property (fast-check)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 0x1f }), fc.constantFrom('Writeback', 'Writethrough', 'Uncacheable' as const), fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 2 ** 40 - 1 }), fc.integer({ min: 1, max: 3 }),
      (flags, cache, priv, pfn, level) => {
        const p = pageProperty(flags, cache, priv);
        const pa = pfn * 4096;
        expect(pteNewFrame(pa, level, p)).toBe(referenceNewFrame(BigInt(pa), level, p));
        // prop() reads R from PRESENT (MOM-04): everything else comes back as written.
        expect(pteProp(pteNewFrame(pa, level, p), level)).toEqual({ ...p, flags: flags | PageFlags.R });
        expect(ptePaddr(pteNewFrame(pa, level, p))).toBe(pa);
      },
    ));
  });

  test('MOM-04 audited: a write-only page is stored present and reads back readable', () => {
    const pte = pteNewFrame(0x1000, 1, pageProperty(PageFlags.W));
    expect(pteIsPresent(pte)).toBe(true);
    expect(pteProp(pte).flags).toBe(PageFlags.RW);
    expect(pteIsPresent(pteNewFrame(0x1000, 1, pageProperty(0)))).toBe(true);
  });

  test('MOM-04 fixed: PRESENT is its own bit and R lives in bit 9, so a write-only property reads back as set', () => {
    const w = pteNewFrame(0x1000, 1, pageProperty(PageFlags.W), FIXED);
    expect(w & 1n).toBe(1n); // present
    expect(w & 0x200n).toBe(0n); // no R
    expect(pteProp(w, 1, FIXED).flags).toBe(PageFlags.W);
    expect(pteProp(pteNewFrame(0x1000, 1, pageProperty(0), FIXED), 1, FIXED).flags).toBe(0); // PageFlags::empty()
    expect(pteProp(pteNewFrame(0x1000, 1, pageProperty(PageFlags.RW), FIXED), 1, FIXED).flags).toBe(PageFlags.RW);
    // Audited: presence is read as R.
    expect(pteProp(pteNewFrame(0x1000, 1, pageProperty(PageFlags.W))).flags).toBe(PageFlags.RW);
  });

  test('WriteCombining and WriteProtected panic with the 232e62b PAT', () => {
    for (const cache of ['WriteCombining', 'WriteProtected'] as const) {
      expect(() => pteNewFrame(0x1000, 1, pageProperty(PageFlags.R, cache))).toThrow(KernelPanic);
    }
  });

  test("the 'linux' PAT encodes all five policies, PAT at bit 7 (4 KiB) or 12 (huge)", () => {
    for (const cache of CACHE_POLICIES) {
      for (const level of [1, 2, 3]) {
        const pte = pteNewFrame(0x4000_0000, level, pageProperty(PageFlags.RW, cache), LINUX);
        expect(pteProp(pte, level, LINUX).cache).toBe(cache);
        expect(ptePaddr(pte, LINUX, level > 1)).toBe(0x4000_0000);
        expect(pteIsLast(pte, level)).toBe(true);
      }
    }
    expect(pteNewFrame(0, 1, pageProperty(PageFlags.R, 'Writethrough'), LINUX) & 0x98n).toBe(0x98n);
    expect(pteNewFrame(0, 2, pageProperty(PageFlags.R, 'Writethrough'), LINUX) & 0x1098n).toBe(0x1098n);
  });

  test('SHARED needs the intel_tdx feature (bit 51, 51-bit addresses)', () => {
    const p = pageProperty(PageFlags.R, 'Writeback', PrivilegedPageFlags.SHARED);
    expect(() => pteNewFrame(0x1000, 1, p, FIXED)).toThrow(UnencodablePropertyError);
    const pte = pteNewFrame(0x1000, 1, p, TDX);
    expect(pte & (1n << 51n)).toBe(1n << 51n);
    expect(pteProp(pte, 1, TDX).privFlags).toBe(PrivilegedPageFlags.SHARED);
    expect(ptePaddr(pte, TDX)).toBe(0x1000);
  });

  test('MOM-03: parse_flags! panics on an empty mask, as ilog2(0) does; 232e62b never passes one', () => {
    expect(() => parseFlags(1n, 0n, 1n)).toThrow(KernelPanic);
    expect(() => parseFlags(1n, 1n, 0n)).toThrow(KernelPanic);
    expect(parseFlags(0x2n, 0x2n, 0x2n)).toBe(0x2n);
    expect(parseFlags(1n << 63n, 1n << 63n, 4n)).toBe(4n);
  });
});
