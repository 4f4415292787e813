import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMultiboot2, listDatasets, MultibootError, parseMultiboot2 } from '../../kernel-sim/boot/index.js';
import { propertyRuns } from '../property-runs.js';

const captures = listDatasets()
  .filter((d) => d.kind === 'mbi')
  .map((d) => new Uint8Array(readFileSync(d.path)));

/** A mutation of a real capture: byte flips, u32 overwrites (sizes!), cuts and splices. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: fc.oneof(fc.nat(), fc.constantFrom(0, 1, 7, 8, 16, 24, 0xffff_ffff, 0x8000_0000)) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), value: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 64 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(bytes: Uint8Array, muts: Mutation[], fixTotal: boolean): Uint8Array {
  let d = bytes.slice();
  for (const m of muts) {
    const at = d.length === 0 ? 0 : m.at % d.length;
    if (m.kind === 'byte') d[at] = m.value;
    else if (m.kind === 'u32' && at + 4 <= d.length) new DataView(d.buffer).setUint32(at & ~3, m.value >>> 0, true);
    else if (m.kind === 'cut') d = d.slice(0, at);
    else if (m.kind === 'insert') d = new Uint8Array([...d.subarray(0, at), ...new Uint8Array(m.value), ...d.subarray(at)]);
  }
  // Half the runs keep total_size consistent so the parser goes past the header checks.
  if (fixTotal && d.length >= 8) new DataView(d.buffer).setUint32(0, d.length, true);
  return d;
}

describe('Multiboot2 parser under fuzzing of real captures', () => {
  it('either parses (and then builds back the same bytes) or throws a MultibootError inside the data', () => {
    const runs = propertyRuns(5_000, 20_000);
    let parsed = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.nat({ max: captures.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), (which, muts, fixTotal) => {
        const data = apply(captures[which]!, muts, fixTotal);
        try {
          const info = parseMultiboot2(data);
          parsed++;
          expect(Buffer.from(buildMultiboot2(info)).equals(Buffer.from(data))).toBe(true);
        } catch (e) {
          if (!(e instanceof MultibootError)) throw e;
          refused++;
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(data.length);
        }
      }),
      { numRuns: runs, seed: 0x5eed },
    );
    // Both paths were exercised (each in over 5 % of the runs): the fuzzer reached valid and invalid structures.
    expect(parsed).toBeGreaterThan(runs / 20);
    expect(refused).toBeGreaterThan(runs / 20);
  });

  it('random byte strings never crash the parser', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (data) => {
        try {
          parseMultiboot2(data);
        } catch (e) {
          expect(e).toBeInstanceOf(MultibootError);
        }
      }),
      { numRuns: propertyRuns(2_500, 10_000), seed: 7 },
    );
  });
});

const u32 = fc.nat({ max: 0xffff_ffff });
const u64 = fc.bigInt({ min: 0n, max: (1n << 63n) - 1n });
const text = fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0'));
const tagArb = fc.oneof(
  fc.record({ type: fc.constant(1 as const), string: fc.record({ text }) }),
  fc.record({ type: fc.constant(2 as const), string: fc.record({ text }) }),
  fc.record({ type: fc.constant(3 as const), modStart: u32, modEnd: u32, string: fc.record({ text }) }),
  fc.record({ type: fc.constant(4 as const), memLower: u32, memUpper: u32 }),
  fc.record({
    type: fc.constant(6 as const),
    entrySize: fc.constant(24),
    entryVersion: fc.constant(0),
    entries: fc.array(
      fc.record({ base: fc.bigInt({ min: 0n, max: 1n << 52n }), length: fc.bigInt({ min: 1n, max: 1n << 40n }), type: fc.integer({ min: 1, max: 5 }), reserved: fc.constant(0) }),
      { maxLength: 8 },
    ),
  }),
  fc.record({ type: fc.constantFrom(12 as const, 20 as const), pointer: u64 }),
  fc.record({ type: fc.constant(21 as const), loadBaseAddr: u32 }),
  fc.record({ type: fc.integer({ min: 22, max: 1000 }), unknown: fc.constant(true as const), payload: fc.uint8Array({ maxLength: 33 }) }),
);

describe('Multiboot2 builder', () => {
  it('builds structures that parse back to the same tags and bytes', () => {
    fc.assert(
      fc.property(fc.array(tagArb, { maxLength: 10 }), (tags) => {
        const bytes = buildMultiboot2({ reserved: 0, tags });
        const info = parseMultiboot2(bytes);
        expect(info.tags.length).toBe(tags.length + 1);
        info.tags.slice(0, -1).forEach((t, i) => expect({ ...t, offset: undefined }).toEqual({ ...tags[i], offset: undefined }));
        expect(Buffer.from(buildMultiboot2(info)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 2_000, seed: 11 },
    );
  });
});
