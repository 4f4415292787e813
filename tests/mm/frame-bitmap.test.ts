import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FrameBitmap } from '../../kernel-sim/mm/frame/index.js';
import { propertyRuns } from '../property-runs.js';

describe('FrameBitmap', () => {
  it('agrees with a Set under random range sets and clears (whole-chunk markers included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ set: fc.boolean(), start: fc.integer({ min: 0, max: 300_000 }), n: fc.integer({ min: 1, max: 140_000 }) }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 450_000 }), { maxLength: 30 }),
        (ops, probes) => {
          const bm = new FrameBitmap();
          const ref = new Set<number>();
          for (const op of ops) {
            if (op.set) { bm.setRange(op.start, op.n); for (let i = 0; i < op.n; i++) ref.add(op.start + i); }
            else { bm.clearRange(op.start, op.n); for (let i = 0; i < op.n; i++) ref.delete(op.start + i); }
          }
          expect(bm.count).toBe(ref.size);
          for (const p of probes) {
            expect(bm.get(p)).toBe(ref.has(p));
            let c = 0;
            for (let i = 0; i < 100; i++) if (ref.has(p + i)) c++;
            expect(bm.countIn(p, 100)).toBe(c);
          }
        },
      ),
      { numRuns: propertyRuns(15, 60) },
    );
  });

  it('marks a 2^31-frame block cheaply', () => {
    const bm = new FrameBitmap();
    bm.setRange(2 ** 31, 2 ** 31);
    expect(bm.count).toBe(2 ** 31);
    bm.clearRange(2 ** 31 + 5, 1);
    expect(bm.allSet(2 ** 31, 5)).toBe(true);
    expect(bm.get(2 ** 31 + 5)).toBe(false);
    expect(bm.count).toBe(2 ** 31 - 1);
  });
});
