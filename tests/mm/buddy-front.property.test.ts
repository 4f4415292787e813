import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BuddyFrameAllocator, FrameAllocatorError, freeListProblems } from '../../kernel-sim/mm/frame/index.js';
import { ReferenceBuddy } from './buddy-reference.js';
import { propertyRuns } from '../property-runs.js';

// The single-frame paths keep one 32-frame group's order-0 blocks in a word of their own
// (front-group.ts). Here most calls are alloc(1) and single-frame frees on a few hundred frames,
// so that group is taken, served, undercut, given back and taken again, with blocks of up to 8
// frames beside it; the state is compared with the reference only now and then (a comparison
// after every call would hide a group that went wrong over several calls).
const baseArb = fc.constantFrom(0, 64, 2 ** 31 - 256, 2 ** 32);
type Op =
  | { kind: 'alloc'; n: number }
  | { kind: 'free'; pick: number; frameByFrame: boolean; reverse: boolean }
  | { kind: 'badFree'; at: number }
  | { kind: 'check' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('alloc' as const), n: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 8 }) }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('free' as const), pick: fc.nat(), frameByFrame: fc.boolean(), reverse: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('badFree' as const), at: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('check' as const) }) },
);

// Everything a caller can read, compared with the reference.
function same(fast: BuddyFrameAllocator, ref: ReferenceBuddy, lo: number, hi: number, held: readonly [number, number][]): void {
  for (let k = 0; k < fast.order; k++) expect(fast.freeBlocks(k)).toEqual(ref.lists[k]);
  expect(fast.freeBlockCounts()).toEqual(ref.lists.map((l) => l.length));
  expect(fast.allocated).toBe(ref.allocated);
  expect(fast.largestFreeOrder()).toBe(ref.lists.reduce((top, l, k) => (l.length > 0 ? k : top), -1));
  const allocated = new Set<number>();
  for (const [s, n] of held) for (let i = 0; i < 2 ** Math.ceil(Math.log2(n)); i++) allocated.add(s + i);
  for (let f = lo; f < hi; f++) {
    expect(fast.isAllocated(f)).toBe(allocated.has(f));
    const holding = ref.lists.reduce((c, l, k) => c + (l.includes(f - (f % 2 ** k)) ? 1 : 0), 0);
    expect(fast.freeBlocksHolding(f)).toBe(holding);
  }
  expect(fast.allocatedBitCount).toBe(ref.allocated);
  expect(freeListProblems(fast)).toEqual([]);
}

describe('BuddyFrameAllocator single-frame group against the plain reference', () => {
  it('hands out the crate\'s blocks, refuses bad frees without a change, and reads the same', () => {
    fc.assert(
      fc.property(
        baseArb,
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 40 }), len: fc.integer({ min: 1, max: 120 }) }), { minLength: 1, maxLength: 4 }),
        fc.array(opArb, { maxLength: 300 }),
        fc.constantFrom(32, 1, 2, 6),
        fc.boolean(),
        (base, spans, ops, order, legacy) => {
          const fast = new BuddyFrameAllocator({ order, legacyTopOrderMerge: legacy });
          const ref = new ReferenceBuddy(order, legacy);
          // Each span after its gap, into both.
          const at = spans.reduce((from, s) => {
            for (const b of [fast, ref]) b.addFrame(from + s.gap, from + s.gap + s.len);
            return from + s.gap + s.len;
          }, base);
          const held: [number, number][] = [];
          for (const op of ops) {
            if (op.kind === 'alloc') {
              const got = fast.alloc(op.n);
              expect(got).toBe(ref.alloc(op.n));
              if (got !== null) held.push([got, op.n]);
            } else if (op.kind === 'free') {
              if (held.length === 0) continue;
              const [start, n] = held.splice(op.pick % held.length, 1)[0]!;
              const size = 2 ** Math.ceil(Math.log2(n));
              if (op.frameByFrame) {
                for (let i = 0; i < size; i++) {
                  const f = op.reverse ? start + size - 1 - i : start + i;
                  fast.deallocFrame(f);
                  ref.dealloc(f, 1);
                }
              } else {
                fast.dealloc(start, n);
                ref.dealloc(start, n);
              }
            } else if (op.kind === 'badFree') {
              // A frame outside every held block: free or never added, a double free either way.
              const f = base + op.at;
              if (held.some(([s, n]) => f >= s && f < s + 2 ** Math.ceil(Math.log2(n)))) continue;
              expect(() => fast.deallocFrame(f)).toThrow(FrameAllocatorError);
              expect(() => fast.dealloc(f, 1)).toThrow(`dealloc: ${f}: frames [${f}, ${f + 1}) are not all allocated`);
            } else {
              same(fast, ref, base, at + 8, held);
            }
          }
          same(fast, ref, base, at + 8, held);
        },
      ),
      { numRuns: propertyRuns(75, 300) },
    );
  });

  it('hands out the lowest block when a free lands below the group', () => {
    // Frame 0 (order 0) and frames 64-65 (order 1). `steps` are alloc(1) (null) or a free.
    const run = (steps: (number | null)[]) => {
      const fast = new BuddyFrameAllocator();
      const ref = new ReferenceBuddy();
      for (const [s, e] of [[0, 1], [64, 66]] as const) {
        fast.addFrame(s, e);
        ref.addFrame(s, e);
      }
      for (const f of steps) {
        if (f === null) expect(fast.alloc(1)).toBe(ref.alloc(1));
        else {
          fast.dealloc(f, 1);
          ref.dealloc(f, 1);
        }
        expect(fast.freeBlocks(0)).toEqual(ref.lists[0]);
      }
      return fast;
    };
    // 0, 64, 65 out; 64 back and out again (now from 64's group), 65 back into the group.
    const served = [null, null, null, 64, null, 65];
    // The group has a free block (65) when 0 comes back below it: alloc(1) must give 0.
    expect(run([...served, 0, null, null]).freeBlocks(0)).toEqual([]);
    // Here 0 comes back while the group has none, then 65 does: 0 is still the lowest.
    expect(run([null, null, null, 64, null, 0, 65, null, null]).freeBlocks(0)).toEqual([]);
  });
});
