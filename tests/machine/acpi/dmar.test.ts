import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeDmar, encodeDmar, dmarFromUnits, DmarDecodeError, DmarEncodeError, DeviceScopeType, type DmarTable } from '../../../kernel-sim/machine/index.js';

const two: DmarTable = dmarFromUnits([
  { registerBase: 0xfed90000, scope: 'all' },
  { registerBase: 0xfed91000, scope: [{ bus: 0, device: 3, fn: 0 }, { bus: 0, device: 4, fn: 1 }] },
]);

function corrupt(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const b = bytes.slice();
  b[at] = value;
  let sum = 0;
  for (let i = 0; i < b.length; i++) if (i !== 9) sum = (sum + b[i]!) & 0xff;
  b[9] = (256 - sum) & 0xff; // keep the checksum right so the targeted check is the one that fires
  return b;
}

describe('ACPI DMAR table', () => {
  it('round-trips two DRHDs, the INCLUDE_PCI_ALL one last', () => {
    const bytes = encodeDmar(two);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('DMAR');
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(bytes.length);
    expect(bytes.reduce((s, b) => (s + b) & 0xff, 0)).toBe(0);
    expect(bytes[36]).toBe(38); // HAW - 1
    const t = decodeDmar(bytes);
    expect(t.hostAddressWidth).toBe(39);
    expect(t.drhds.map((d) => [d.registerBase, d.includePciAll])).toEqual([[0xfed91000, false], [0xfed90000, true]]);
    expect(t.drhds[0]!.scopes.map((s) => [s.type, s.startBus, s.path])).toEqual([
      [DeviceScopeType.PciEndpoint, 0, [{ device: 3, fn: 0 }]], [DeviceScopeType.PciEndpoint, 0, [{ device: 4, fn: 1 }]],
    ]);
    expect(t.drhds[0]!.offset).toBe(48);
    expect(t.drhds[0]!.scopes[1]!.offset).toBe(48 + 16 + 8);
    expect(encodeDmar(t)).toEqual(bytes);
  });

  it('names the offset and field of each malformation', () => {
    const bytes = encodeDmar(two);
    const at = (b: Uint8Array) => {
      try { decodeDmar(b); } catch (e) { if (e instanceof DmarDecodeError) return [e.offset, e.field]; throw e; }
      return null;
    };
    expect(at(bytes.subarray(0, 20))).toEqual([0, 'length']);
    expect(at(corrupt(bytes, 0, 0x41))).toEqual([0, 'signature']);
    const short = bytes.slice(0, bytes.length - 2);
    expect(at(short)).toEqual([4, 'length']);
    const badSum = bytes.slice(); badSum[9] = (badSum[9]! + 1) & 0xff;
    expect(at(badSum)).toEqual([9, 'checksum']);
    expect(at(corrupt(bytes, 50, 2))).toEqual([50, 'structure length']); // DRHD length 2 < 4
    expect(at(corrupt(bytes, 51, 0x10))).toEqual([50, 'structure length']); // runs past the end
    expect(at(corrupt(bytes, 50, 8))).toEqual([50, 'DRHD length']);
    expect(at(corrupt(bytes, 48 + 8, 0x10))).toEqual([56, 'DRHD register base']);
    expect(at(corrupt(bytes, 48 + 16 + 1, 7))).toEqual([65, 'device scope length']);
    expect(at(corrupt(bytes, 48 + 16, 9))).toEqual([64, 'device scope type']);
    expect(at(corrupt(bytes, 48 + 16 + 6, 40))).toEqual([70, 'path device']);
    expect(at(corrupt(bytes, 48 + 16 + 7, 8))).toEqual([71, 'path function']);
    // INCLUDE_PCI_ALL on the first DRHD of segment 0: it is no longer the last.
    expect(at(corrupt(bytes, 48 + 4, 1))).toEqual([48 + 32, 'DRHD order']);
    const e = (() => { try { decodeDmar(corrupt(bytes, 0, 0x41)); } catch (x) { return x as Error; } })();
    expect(e?.message).toMatch(/byte offset 0 \(signature\)/);
  });

  it('refuses descriptions that do not fit', () => {
    expect(() => encodeDmar({ ...two, hostAddressWidth: 0 })).toThrow(DmarEncodeError);
    expect(() => encodeDmar(dmarFromUnits([{ registerBase: 0xfed90010, scope: 'all' }]))).toThrow(/registerBase/);
    expect(() => encodeDmar(dmarFromUnits([{ registerBase: 0xfed90000, scope: [{ bus: 0, device: 32, fn: 0 }] }]))).toThrow(/device/);
  });

  it('any mutation decodes or fails with a DmarDecodeError, never another error', () => {
    const bytes = encodeDmar(two);
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.nat(255)), { minLength: 1, maxLength: 4 }), fc.nat(bytes.length), fc.boolean(), (muts, cut, fix) => {
      let b = bytes.slice();
      for (const [i, v] of muts) b[i] = v;
      if (cut < b.length) b = b.slice(0, cut);
      if (fix && b.length >= 10) {
        if (b.length >= 8) new DataView(b.buffer).setUint32(4, b.length, true);
        b[9] = 0;
        b[9] = (256 - (b.reduce((s, x) => (s + x) & 0xff, 0))) & 0xff;
      }
      try {
        const t = decodeDmar(b);
        expect(t.drhds.every((d) => d.registerBase % 4096 === 0)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(DmarDecodeError);
      }
    }), { numRuns: 2000 });
  });
});
