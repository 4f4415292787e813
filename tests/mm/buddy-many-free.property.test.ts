import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BuddyFrameAllocator } from '../../kernel-sim/mm/frame/index.js';
import { RUN_CAPACITY } from '../../kernel-sim/mm/frame/block-run.js';
import { ReferenceBuddy } from './buddy-reference.js';
import { propertyRuns } from '../property-runs.js';

// An order's free list takes its bitmap form past RUN_CAPACITY blocks (block-set.ts) and goes
// back to a run when it empties. Here a span is cut into single frames and blocks of 2 and 4,
// every other one freed, so that orders 0-2 hold hundreds of free blocks; then random allocs and
// frees move the lists between their forms while both allocators must agree.
const baseArb = fc.constantFrom(0, 4096, 2 ** 31 - 2 ** 13, 2 ** 32);
// Allocs mostly of the sizes cut (they pop the crowded lists' lowest blocks, emptying words of
// their bitmaps), frees of any held block (below or above those).
type Op = { kind: 'alloc'; n: number } | { kind: 'free'; pick: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('alloc' as const), n: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1, 2, 4) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }) }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }) },
);

describe('BuddyFrameAllocator with hundreds of free blocks per order, against the plain reference', () => {
  it('hands out the same blocks and keeps the same free lists', () => {
    fc.assert(
      fc.property(baseArb, fc.constantFrom(1, 2, 4), fc.integer({ min: RUN_CAPACITY, max: 3 * RUN_CAPACITY }), fc.array(opArb, { maxLength: 600 }), (base, n, blocks, ops) => {
        const fast = new BuddyFrameAllocator();
        const ref = new ReferenceBuddy();
        const end = base + 2 * blocks * n;
        fast.addFrame(base, end);
        ref.addFrame(base, end);
        const held: [number, number][] = [];
        for (let i = 0; i < 2 * blocks; i++) {
          const got = fast.alloc(n);
          expect(got).toBe(ref.alloc(n));
          held.push([got!, n]);
        }
        // Every other block back: none merges, so order log2(n) holds `blocks` free blocks.
        for (let i = held.length - 2; i >= 0; i -= 2) {
          const [s] = held.splice(i, 1)[0]!;
          fast.dealloc(s, n);
          ref.dealloc(s, n);
        }
        const same = () => {
          for (let k = 0; k < 8; k++) expect(fast.freeBlocks(k)).toEqual(ref.lists[k]);
          expect(fast.allocated).toBe(ref.allocated);
        };
        same();
        for (const op of ops) {
          if (op.kind === 'alloc') {
            const got = fast.alloc(op.n);
            expect(got).toBe(ref.alloc(op.n));
            if (got !== null) held.push([got, op.n]);
          } else if (held.length > 0) {
            const [s, c] = held.splice(op.pick % held.length, 1)[0]!;
            fast.dealloc(s, c);
            ref.dealloc(s, c);
          }
        }
        same();
        // Everything back: the lists empty into their run form and agree again.
        for (const [s, c] of held) { fast.dealloc(s, c); ref.dealloc(s, c); }
        for (let k = 0; k < 32; k++) expect(fast.freeBlocks(k)).toEqual(ref.lists[k]);
      }),
      { numRuns: propertyRuns(40, 300) },
    );
  });
});
