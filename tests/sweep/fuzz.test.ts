import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMutations, drawMutations, fuzzBatch, fuzzCorpus, fuzzInputs, PARSER_CHECKS } from '../../kernel-sim/sweep/index.js';
import { SeededRng } from '../../kernel-sim/util/seeded-rng.js';
import { ROOT } from './helpers.js';

describe('the parser fuzzer', () => {
  it('mutations keep the input, stay in bounds and are the same for the same seed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer(), (bytes, seed) => {
        const before = bytes.slice();
        const a = drawMutations(new SeededRng(seed), 6);
        expect(drawMutations(new SeededRng(seed), 6)).toEqual(a);
        const out = applyMutations(bytes, a);
        expect(bytes).toEqual(before);
        const grown = a.filter((m) => m.kind === 'insert').reduce((s, m) => s + m.value, 0);
        expect(out.length).toBeLessThanOrEqual(bytes.length + grown);
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('a batch counts every input once and gives the same figures for the same seed', () => {
    const a = fuzzBatch('multiboot2', 9, 2, 3000, 6, ROOT);
    expect(a.accepted + a.refused + a.crashes).toBe(3000);
    expect(a.crashes).toBe(0);
    // Both paths of the parser are reached.
    expect(a.accepted).toBeGreaterThan(100);
    expect(a.refused).toBeGreaterThan(100);
    expect(fuzzBatch('multiboot2', 9, 2, 3000, 6, ROOT)).toEqual(a);
    expect(fuzzBatch('multiboot2', 9, 3, 3000, 6, ROOT)).not.toEqual(a);
    const e = fuzzBatch('e820', 1, 0, 2000, 6, ROOT);
    expect(e.crashes).toBe(0);
    expect(e.accepted).toBeGreaterThan(100);
  });

  it('records a crash with what reproduces it', () => {
    const corpus = fuzzCorpus('multiboot2', ROOT);
    // A parser that trips over short inputs, as a buggy one would.
    const fragile = (d: Uint8Array) => (d.length < 200 ? 'RangeError: offset is outside the bounds of the DataView' : PARSER_CHECKS.multiboot2(d));
    const r = fuzzInputs(corpus, fragile, { seed: 5, batch: 0, inputs: 2000, maxMutations: 6, fixTotalSize: true });
    expect(r.crashes).toBeGreaterThan(0);
    expect(r.firstCrash).toMatch(/^5\/0\/\d+$/);
    expect(r.firstCrashError).toMatch(/RangeError/);
  });
});
