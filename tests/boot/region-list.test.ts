import { describe, expect, it } from 'vitest';
import { layoutFromText, RegionListError, regionsFromJson, regionsToJson } from '../../kernel-sim/boot/index.js';

describe('JSON region lists', () => {
  it('accepts length or end, names or Multiboot2 numbers, numbers or strings', () => {
    const rs = regionsFromJson([
      { base: 0, length: 4096, type: 'Usable' },
      { base: '0x100000', end: '0x200000', type: 2 },
      { base: '18446744073709547520', length: 4096, type: 3 },
    ]);
    expect(rs).toEqual([
      { base: 0n, len: 4096n, type: 'Usable' },
      { base: 0x100000n, len: 0x100000n, type: 'Reserved' },
      { base: 0xffff_ffff_ffff_f000n, len: 4096n, type: 'Reclaimable' },
    ]);
    expect(regionsToJson(rs)[2]).toEqual({ base: 0xffff_ffff_ffff_f000n, end: 1n << 64n, type: 'Reclaimable' });
  });

  it.each([
    [{}, undefined, /expected a JSON array/],
    [[{ length: 1, type: 'Usable' }], 0, /missing base/],
    [[{ base: 0, length: 1, type: 'Usable' }, { base: 0, type: 'Usable' }], 1, /needs length or end/],
    [[{ base: 5, end: 5, type: 'Usable' }], 0, /length 0/],
    [[{ base: 2 ** 60, length: 1, type: 'Usable' }], 0, /not an exact integer/],
    [[{ base: '0xffffffffffffffff', length: 2, type: 'Usable' }], 0, /passes 2\^64/],
    [[{ base: 0, length: 1, type: 'Cheese' }], 0, /neither a region type name/],
  ])('refuses %j naming entry %s', (json, index, message) => {
    try {
      regionsFromJson(json);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RegionListError);
      expect((e as RegionListError).index).toBe(index);
      expect((e as Error).message).toMatch(message);
    }
  });

  it('reports invalid JSON text as a RegionListError', () => {
    expect(() => layoutFromText('[{"base": 1,', 'json')).toThrowError(RegionListError);
  });
});
