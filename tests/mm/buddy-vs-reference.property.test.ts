import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BuddyFrameAllocator } from '../../kernel-sim/mm/frame/index.js';
import { ReferenceBuddy } from './buddy-reference.js';
import { propertyRuns } from '../property-runs.js';

// Spans near 0, near 2^31 (the 32-bit paths' edge) and near 2^40 (float paths).
const baseArb = fc.constantFrom(0, 2 ** 31 - 4096, 2 ** 32, 2 ** 40 - 2 ** 20);
type Op = { kind: 'alloc'; n: number } | { kind: 'free'; pick: number; frameByFrame: boolean };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('alloc' as const), n: fc.integer({ min: 1, max: 70 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('free' as const), pick: fc.nat(), frameByFrame: fc.boolean() }) },
);

// One operation on both allocators: an alloc (same result), or a free of a held block, whole or frame by frame.
function apply(fast: BuddyFrameAllocator, ref: ReferenceBuddy, held: [number, number][], op: Op): void {
  if (op.kind === 'alloc') {
    const got = fast.alloc(op.n);
    expect(got).toBe(ref.alloc(op.n));
    if (got !== null) held.push([got, op.n]);
    return;
  }
  if (held.length === 0) return;
  const [start, n] = held.splice(op.pick % held.length, 1)[0]!;
  let size = 1;
  while (size < n) size *= 2;
  if (op.frameByFrame) {
    for (let i = 0; i < size; i++) { fast.dealloc(start + i, 1); ref.dealloc(start + i, 1); }
  } else {
    fast.dealloc(start, n);
    ref.dealloc(start, n);
  }
}

describe('BuddyFrameAllocator against the plain reference of the crate', () => {
  it('hands out the same blocks and keeps the same free lists after every operation', () => {
    fc.assert(
      fc.property(
        baseArb,
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 3000 }), len: fc.integer({ min: 1, max: 5000 }) }), { minLength: 1, maxLength: 4 }),
        fc.array(opArb, { maxLength: 150 }),
        fc.constantFrom(32, 4, 9),
        fc.boolean(),
        (base, spans, ops, order, legacy) => {
          const fast = new BuddyFrameAllocator({ order, legacyTopOrderMerge: legacy });
          const ref = new ReferenceBuddy(order, legacy);
          let at = base;
          for (const s of spans) {
            fast.addFrame(at + s.gap, at + s.gap + s.len);
            ref.addFrame(at + s.gap, at + s.gap + s.len);
            at += s.gap + s.len;
          }
          const held: [number, number][] = [];
          const same = () => {
            for (let k = 0; k < order; k++) expect(fast.freeBlocks(k)).toEqual(ref.lists[k]);
            expect(fast.allocated).toBe(ref.allocated);
          };
          same();
          for (const op of ops) {
            apply(fast, ref, held, op);
            same();
          }
        },
      ),
      { numRuns: propertyRuns(25, 100) },
    );
  });

  it('agrees on order-31 blocks beside small ones (the 32-bit paths\' top bit)', () => {
    // Whole order-31 blocks at 0, 2^31 and 2^32, and a small span; requests small and huge.
    const nArb = fc.oneof(fc.integer({ min: 1, max: 70 }), fc.constantFrom(2 ** 20, 2 ** 30 + 1, 2 ** 31 - 1, 2 ** 31));
    const bigOps = fc.array(fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('alloc' as const), n: nArb }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('free' as const), pick: fc.nat(), frameByFrame: fc.constant(false) }) },
    ), { maxLength: 60 });
    fc.assert(
      fc.property(fc.subarray([0, 2 ** 31, 2 ** 32], { minLength: 1 }), bigOps, fc.boolean(), (starts, ops, legacy) => {
        const fast = new BuddyFrameAllocator({ order: 32, legacyTopOrderMerge: legacy });
        const ref = new ReferenceBuddy(32, legacy);
        for (const b of starts) {
          fast.addFrame(b, b + 2 ** 31);
          ref.addFrame(b, b + 2 ** 31);
        }
        fast.addFrame(2 ** 33 + 3, 2 ** 33 + 200);
        ref.addFrame(2 ** 33 + 3, 2 ** 33 + 200);
        const held: [number, number][] = [];
        for (const op of ops) {
          apply(fast, ref, held, op);
          for (let k = 0; k < 32; k++) expect(fast.freeBlocks(k)).toEqual(ref.lists[k]);
          expect(fast.allocated).toBe(ref.allocated);
          expect(fast.free).toBe(ref.lists.reduce((sum, l, k) => sum + l.length * 2 ** k, 0));
          expect(fast.largestFreeOrder()).toBe(ref.lists.reduce((top, l, k) => (l.length > 0 ? k : top), -1));
        }
      }),
      { numRuns: propertyRuns(15, 60) },
    );
  });
});
