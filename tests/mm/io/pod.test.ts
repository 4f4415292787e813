import { describe, it, expect, expectTypeOf } from 'vitest';
import fc from 'fast-check';
import {
  F32, F64, I16, I32, I64, I8, POD_SCALARS, PodSpecError, PodValueError, U16, U32, U64, U8,
  podArray, podBytes, podFromBytes, podName, podStruct, type PodValue,
} from '../../../kernel-sim/mm/io/index.js';

const Header = podStruct({
  magic: { offset: 0, type: U32 },
  flags: { offset: 4, type: U16 },
  kind: { offset: 6, type: I8 },
  len: { offset: 8, type: U64 },
  pair: { offset: 16, type: podArray(I16, 2) },
});

describe('Pod descriptions', () => {
  it('have Rust sizes and alignments on x86-64', () => {
    for (const [k, size] of [['u8', 1], ['u16', 2], ['u32', 4], ['u64', 8], ['i8', 1], ['i16', 2], ['i32', 4], ['i64', 8], ['f32', 4], ['f64', 8]] as const) {
      expect(POD_SCALARS[k].size).toBe(size);
      expect(POD_SCALARS[k].align).toBe(size);
    }
    expect(podArray(U32, 5)).toMatchObject({ size: 20, align: 4 });
    expect(Header).toMatchObject({ size: 24, align: 8 });
    expect(podStruct({ a: { offset: 0, type: U8 }, b: { offset: 1, type: U32 } }, { align: 1 })).toMatchObject({ size: 5, align: 1 });
    expect(podStruct({ a: { offset: 0, type: U8 } }, { size: 16, align: 16 })).toMatchObject({ size: 16, align: 16 });
    expect(podName(podArray(podArray(U8, 2), 3))).toBe('[[u8; 2]; 3]');
    expect(podName(Header)).toBe('struct(24)');
  });

  it('carry their JS value types', () => {
    expectTypeOf<PodValue<typeof U64>>().toEqualTypeOf<bigint>();
    expectTypeOf<PodValue<typeof F32>>().toEqualTypeOf<number>();
    expectTypeOf<PodValue<typeof Header>>().toEqualTypeOf<{ magic: number; flags: number; kind: number; len: bigint; pair: number[] }>();
  });

  it.each([
    ['overlapping fields', () => podStruct({ a: { offset: 0, type: U32 }, b: { offset: 2, type: U16 } })],
    ['misaligned field', () => podStruct({ a: { offset: 1, type: U32 } })],
    ['field past the size', () => podStruct({ a: { offset: 0, type: U64 } }, { size: 4, align: 4 })],
    ['negative offset', () => podStruct({ a: { offset: -4, type: U32 } })],
    ['alignment not a power of two', () => podStruct({ a: { offset: 0, type: U8 } }, { align: 3 })],
    ['size not a multiple of alignment', () => podStruct({ a: { offset: 0, type: U32 } }, { size: 6 })],
    ['zero-sized struct', () => podStruct({})],
    ['array of length 0', () => podArray(U8, 0)],
    ['array of fractional length', () => podArray(U8, 1.5)],
  ])('refuse %s', (_name, make) => {
    expect(make).toThrow(PodSpecError);
  });
});

describe('Pod encoding', () => {
  it('is little-endian with zero padding', () => {
    const v = { magic: 0x11223344, flags: 0xbeef, kind: -2, len: 0x0102030405060708n, pair: [-1, 7] };
    const bytes = podBytes(Header, v);
    expect([...bytes.subarray(0, 8)]).toEqual([0x44, 0x33, 0x22, 0x11, 0xef, 0xbe, 0xfe, 0]);
    expect([...bytes.subarray(8, 16)]).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect([...bytes.subarray(16, 24)]).toEqual([0xff, 0xff, 7, 0, 0, 0, 0, 0]);
    expect(podFromBytes(Header, bytes)).toEqual(v);
  });

  it('rounds f32 to single precision', () => {
    expect(podFromBytes(F32, podBytes(F32, 0.1))).toBe(Math.fround(0.1));
    expect(podFromBytes(F64, podBytes(F64, 0.1))).toBe(0.1);
  });

  it.each([
    [U8, 256], [U8, -1], [U8, 1.5], [U16, 65536], [U32, 2 ** 32], [I8, 128], [I8, -129], [I16, -32769], [I32, 2 ** 31],
    [U64, -1n], [U64, 1n << 64n], [U64, 5], [I64, 1n << 63n], [I64, -(1n << 63n) - 1n], [F64, 1n], [U32, '7'],
  ] as const)('refuses %o = %o', (pod, value) => {
    expect(() => podBytes(pod, value as never)).toThrow(PodValueError);
  });

  it('names the field of a bad value', () => {
    const v = { magic: 1, flags: 2, kind: 3, len: 4n, pair: [1, 99999] };
    expect(() => podBytes(Header, v)).toThrow(/pair\[1\]: 99999 is not a valid i16/);
    expect(() => podBytes(Header, { ...v, pair: [1] })).toThrow(/pair: array of 1/);
    expect(() => podBytes(Header, null as never)).toThrow(PodValueError);
  });

  it('round-trips every value of every scalar type', () => {
    const arbs = {
      u8: fc.integer({ min: 0, max: 255 }), u16: fc.integer({ min: 0, max: 65535 }), u32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      u64: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), i8: fc.integer({ min: -128, max: 127 }), i16: fc.integer({ min: -32768, max: 32767 }),
      i32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), i64: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
      f32: fc.float({ noNaN: true }), f64: fc.double({ noNaN: true }),
    } as const;
    for (const kind of Object.keys(arbs) as (keyof typeof arbs)[]) {
      const pod = POD_SCALARS[kind];
      fc.assert(fc.property(arbs[kind] as fc.Arbitrary<never>, (v) => Object.is(podFromBytes(pod, podBytes(pod, v)), v)));
    }
    void I32;
  });
});
