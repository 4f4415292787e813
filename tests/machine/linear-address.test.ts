import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeLinear, isCanonical, linearFromVpn, tableIndex } from '../../kernel-sim/machine/index.js';

// Reference implementation in bigint arithmetic.
function reference(v: bigint, la57: boolean): { vpn: number; offset: number } | null {
  const width = la57 ? 57n : 48n;
  const top = v >> (width - 1n);
  const ones = (1n << (65n - width)) - 1n;
  if (top !== 0n && top !== ones) return null;
  return { vpn: Number((v >> 12n) & ((1n << 45n) - 1n)), offset: Number(v & 0xfffn) };
}

const interesting = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.bigInt({ min: 0n, max: (1n << 48n) - 1n }),
  fc.bigInt({ min: (1n << 64n) - (1n << 57n), max: (1n << 64n) - 1n }),
  fc.bigInt({ min: (1n << 53n) - 4096n, max: (1n << 57n) + 4096n }),
  fc.bigInt({ min: (1n << 64n) - (1n << 53n) - 8192n, max: (1n << 64n) - (1n << 53n) + 8192n }),
);

describe('linear addresses', () => {
  it('decodeLinear agrees with a bigint reference for 48- and 57-bit modes', () => {
    fc.assert(fc.property(interesting, fc.boolean(), (v, la57) => {
      const out = { vpn: -1, offset: -1 };
      const ok = decodeLinear(v, la57, out);
      const ref = reference(v, la57);
      expect(ok).toBe(ref !== null);
      if (ref) {
        expect(out).toEqual(ref);
        expect(linearFromVpn(out.vpn, out.offset, la57)).toBe(v);
      }
    }), { numRuns: 2000, seed: 7 });
  });

  it('canonical boundaries and table indices', () => {
    expect(isCanonical(0x0000_7fff_ffff_ffffn, false)).toBe(true);
    expect(isCanonical(0x0000_8000_0000_0000n, false)).toBe(false);
    expect(isCanonical(0xffff_8000_0000_0000n, false)).toBe(true);
    expect(isCanonical(0x0000_8000_0000_0000n, true)).toBe(true);
    expect(isCanonical(0x0100_0000_0000_0000n, true)).toBe(false);
    expect(isCanonical(0xff00_0000_0000_0000n, true)).toBe(true);
    const out = { vpn: 0, offset: 0 };
    decodeLinear(0xffff_8880_0020_3000n, false, out);
    expect([5, 4, 3, 2, 1].map((l) => tableIndex(out.vpn, l))).toEqual([511, 273, 0, 1, 3]);
  });
});
