import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FrameAllocator, FrameAllocatorError, checkFreeLists } from '../../kernel-sim/mm/frame/index.js';

// allocSingle and single-frame deallocs (the write-back word cache's paths) mixed with the
// range paths that read and write the whole handed-out bitmap.
type Op =
  | { kind: 'single' }
  | { kind: 'contiguous'; n: number }
  | { kind: 'freeOne'; pick: number }
  | { kind: 'freeRange'; pick: number }
  | { kind: 'bad'; frame: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'single' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('contiguous' as const), n: fc.integer({ min: 2, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('freeOne' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('freeRange' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad' as const), frame: fc.integer({ min: 0, max: 300 }) }) },
);

describe('FrameAllocator single-frame paths (property)', () => {
  it('hand out, refuse and count frames as a set of held frames says, with the tails RTL-01 strands', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150 }), fc.boolean(), (ops, rtl) => {
        const fa = new FrameAllocator([{ start: 0, end: 100 }, { start: 160, end: 300 }], { bugs: new Set(rtl ? ['RTL-01' as const] : []) });
        const owned = new Set<number>();
        const ranges: [number, number][] = [];
        for (const op of ops) {
          if (op.kind === 'single') {
            const f = fa.allocSingle({ zeroed: false });
            if (f !== null) {
              expect(owned.has(f)).toBe(false);
              owned.add(f);
            }
          } else if (op.kind === 'contiguous') {
            const seg = fa.allocContiguous(op.n, { zeroed: false });
            if (seg !== null) {
              for (let i = 0; i < seg.count; i++) { expect(owned.has(seg.start + i)).toBe(false); owned.add(seg.start + i); }
              ranges.push([seg.start, seg.count]);
            }
          } else if (op.kind === 'freeOne') {
            if (owned.size === 0) continue;
            const f = [...owned][op.pick % owned.size]!;
            fa.dealloc(f, 1);
            owned.delete(f);
            // A second free of the same frame is refused and changes nothing.
            const inUse = fa.framesInUse;
            expect(() => fa.dealloc(f, 1)).toThrow(FrameAllocatorError);
            expect(fa.framesInUse).toBe(inUse);
          } else if (op.kind === 'freeRange') {
            const k = ranges.findIndex(([s, n]) => Array.from({ length: n }, (_, i) => owned.has(s + i)).every(Boolean));
            if (k < 0) continue;
            const [s, n] = ranges.splice(k, 1)[0]!;
            fa.dealloc(s, n);
            for (let i = 0; i < n; i++) owned.delete(s + i);
          } else if (!owned.has(op.frame)) {
            expect(() => fa.dealloc(op.frame, 1)).toThrow(FrameAllocatorError);
          }
          expect(fa.framesInUse).toBe(owned.size);
          expect(fa.strandedFrames).toBe(fa.buddy.allocated - owned.size);
          checkFreeLists(fa.buddy);
        }
      }),
      { numRuns: 200 },
    );
  });
});
