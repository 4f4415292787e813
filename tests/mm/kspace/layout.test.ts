import { describe, expect, it } from 'vitest';
import { bugSet, NO_BUGS } from '../../../kernel-sim/bugs/index.js';
import {
  AddressWidthError, FRAME_METADATA_RANGE, KERNEL_CODE_BASE_VADDR, kernelLayout, LINEAR_MAPPING_BASE_VADDR, mapPaPageCounts, paddrToVaddr,
} from '../../../kernel-sim/mm/kspace/index.js';

describe('kspace layout (KSP-01)', () => {
  it('48 bits: the literal values of 232e62b, audited and fixed alike', () => {
    for (const bugs of [NO_BUGS, bugSet(['KSP-01'])]) {
      const l = kernelLayout(48, bugs);
      expect(l.linearMapping).toEqual({ start: 0xffff_8000_0000_0000n, end: 0xffff_c000_0000_0000n });
      expect(l.vmalloc).toEqual({ start: 0xffff_c000_0000_0000n, end: 0xffff_e000_0000_0000n });
      expect(l.frameMetadata).toEqual(FRAME_METADATA_RANGE);
      expect(l.kernelCodeBase).toBe(KERNEL_CODE_BASE_VADDR);
      expect(l.kernel).toEqual({ start: 0xffff_8000_0000_0000n, end: 0xffff_ffff_ffff_0000n });
      expect(l.undefinedShift).toBe(false);
    }
    expect(paddrToVaddr(0x1000)).toBe(LINEAR_MAPPING_BASE_VADDR + 0x1000n);
  });

  it('57 bits: shifted left by 9 in both', () => {
    expect(kernelLayout(57, NO_BUGS).linearMapping.start).toBe(0xff00_0000_0000_0000n);
    expect(kernelLayout(57, bugSet(['KSP-01'])).kernelCodeBase).toBe(0xffff_ff00_0000_0000n);
  });

  it('39 bits audited: ADDR_WIDTH_SHIFT = -9, the shift wraps (count 55) and every constant is 0', () => {
    const l = kernelLayout(39, bugSet(['KSP-01']));
    expect(l.addrWidthShift).toBe(-9);
    expect(l.undefinedShift).toBe(true);
    expect([l.kernel.start, l.kernel.end, l.linearMapping.start, l.frameMetadata.start, l.kernelCodeBase]).toEqual([0n, 0n, 0n, 0n, 0n]);
  });

  it('39 bits fixed: adjusted proportionally (arithmetic shift right)', () => {
    const l = kernelLayout(39, NO_BUGS);
    expect(l.undefinedShift).toBe(false);
    expect(l.linearMapping).toEqual({ start: 0xffff_ffc0_0000_0000n, end: 0xffff_ffe0_0000_0000n });
    expect(l.frameMetadata.start).toBe(0xffff_fff0_0000_0000n);
    expect(l.kernelCodeBase).toBe(0xffff_ffff_ffc0_0000n);
    expect(l.kernel.end).toBe(0xffff_ffff_ffff_ff80n);
  });

  it('refuses other widths', () => {
    expect(() => kernelLayout(52, NO_BUGS)).toThrow(AddressWidthError);
  });

  it("counts map_pa's pages: huge where both addresses align", () => {
    expect(mapPaPageCounts(0xffff_8000_0000_0000n, 0, 0x40_0000)).toEqual({ pages4K: 0, pages2M: 2 });
    expect(mapPaPageCounts(0xffff_8000_001f_f000n, 0x1f_f000, 0x20_2000)).toEqual({ pages4K: 2, pages2M: 1 });
    expect(mapPaPageCounts(0xffff_8000_0000_1000n, 0, 0x40_0000)).toEqual({ pages4K: 1024, pages2M: 0 });
  });
});
