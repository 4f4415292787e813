import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FrameBitmap } from '../../kernel-sim/mm/frame/index.js';
import { propertyRuns } from '../property-runs.js';

// Frames by a chunk's edge (2^16), a word's edge, 2^31 (the int32 paths' end) and 2^32, where
// chunks are missing, partial, grown or whole-chunk markers (a range set over a full chunk).
const frameArb = fc.tuple(fc.constantFrom(0, 2 ** 16 - 40, 2 ** 31 - 40, 2 ** 32), fc.integer({ min: 0, max: 700 })).map(([b, o]) => b + o);
type Op = { kind: 'set' | 'clear'; f: number } | { kind: 'fill'; f: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), f: frameArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('clear' as const), f: frameArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fill' as const), f: frameArb }) },
);

describe('FrameBitmap single-frame paths', () => {
  it('setFrame and testAndClearFrame answer as setBlock and testAndClearBlock of one frame, and as a Set', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150 }), (ops) => {
        const fast = new FrameBitmap();
        const block = new FrameBitmap();
        const ref = new Set<number>();
        for (const op of ops) {
          if (op.kind === 'set') {
            fast.setFrame(op.f);
            block.setBlock(op.f, 0);
            ref.add(op.f);
          } else if (op.kind === 'clear') {
            const had = ref.delete(op.f);
            expect(fast.testAndClearFrame(op.f)).toBe(had);
            expect(block.testAndClearBlock(op.f, 0)).toBe(had);
          } else {
            // The whole chunk of f (a marker), for the paths that must materialise it.
            const start = op.f - (op.f % 2 ** 16);
            fast.setRange(start, 2 ** 16);
            block.setRange(start, 2 ** 16);
            for (let i = 0; i < 2 ** 16; i++) ref.add(start + i);
          }
          expect(fast.count).toBe(ref.size);
          expect(block.count).toBe(ref.size);
          expect(fast.get(op.f)).toBe(ref.has(op.f));
        }
      }),
      { numRuns: propertyRuns(75, 300) },
    );
  });
});
