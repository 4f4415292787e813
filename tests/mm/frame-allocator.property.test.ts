import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BuddyFrameAllocator, FrameAllocator, FrameAllocatorError, checkFreeLists } from '../../kernel-sim/mm/frame/index.js';

type Op = { kind: 'alloc'; n: number } | { kind: 'free'; pick: number; whole: boolean } | { kind: 'bad'; frame: number; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('alloc' as const), n: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('free' as const), pick: fc.nat(), whole: fc.boolean() }),
  fc.record({ kind: fc.constant('bad' as const), frame: fc.integer({ min: 0, max: 700 }), n: fc.integer({ min: 0, max: 9 }) }),
);

describe('random alloc/dealloc sequences', () => {
  it('keep the free lists consistent and never hand out a frame twice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 500 }), len: fc.integer({ min: 1, max: 200 }) }), { minLength: 1, maxLength: 3 }),
        fc.array(opArb, { maxLength: 120 }),
        fc.boolean(),
        (regions, ops, contiguousOnly) => {
          // Disjoint spans: lay them end to end with gaps.
          let at = 0;
          const spans = regions.map((r) => { const s = { start: at + r.start, end: at + r.start + r.len }; at = s.end; return s; });
          const fa = new FrameAllocator(spans, { bugs: new Set(contiguousOnly ? ['ALO-02' as const] : []) });
          const held = new Map<number, { start: number; count: number }>(); // by start frame
          const owned = new Set<number>();
          for (const op of ops) {
            if (op.kind === 'alloc') {
              const v = fa.alloc(op.n, { zeroed: false });
              if (!v) continue;
              for (const r of v.ranges) {
                for (let i = 0; i < r.count; i++) {
                  expect(owned.has(r.start + i)).toBe(false);
                  owned.add(r.start + i);
                }
                held.set(r.start, r);
              }
            } else if (op.kind === 'free') {
              if (held.size === 0) continue;
              const keys = [...held.keys()];
              const r = held.get(keys[op.pick % keys.length]!)!;
              held.delete(r.start);
              // Free frame by frame (Frame drops) or, when r is one buddy block, in one call.
              for (let i = 0; i < r.count; i++) { fa.dealloc(r.start + i, 1); owned.delete(r.start + i); }
              void op.whole;
            } else {
              if (op.n >= 1 && fa.buddy.isRangeAllocated(op.frame, 1) && owned.has(op.frame)) continue;
              const before = fa.buddy.freeBlockCounts().join(',');
              expect(() => fa.dealloc(op.frame, op.n)).toThrow(FrameAllocatorError);
              expect(fa.buddy.freeBlockCounts().join(',')).toBe(before);
            }
            checkFreeLists(fa.buddy);
            expect(fa.framesInUse).toBe(owned.size);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('at the buddy level, whole-block deallocs restore the initial free lists', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 60 }), (sizes) => {
        const b = new BuddyFrameAllocator();
        b.addFrame(1024, 4096);
        const initial = b.freeBlockCounts().join(',');
        const got: [number, number][] = [];
        for (const n of sizes) { const s = b.alloc(n); if (s !== null) got.push([s, n]); }
        checkFreeLists(b);
        for (const [s, n] of got.reverse()) b.dealloc(s, n);
        checkFreeLists(b);
        expect(b.freeBlockCounts().join(',')).toBe(initial);
      }),
      { numRuns: 200 },
    );
  });
});
