import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heapAllocatorInit, type Layout } from '../../../kernel-sim/mm/heap/index.js';
import { frames } from './helpers.js';

type Op = { kind: 'alloc'; size: number; alignLog: number } | { kind: 'free'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('alloc' as const), size: fc.integer({ min: 1, max: 70_000 }), alignLog: fc.integer({ min: 0, max: 13 }) }),
  fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }),
);

function run(ops: readonly Op[], withFrames: boolean): void {
  const heap = heapAllocatorInit(withFrames ? { frameAllocator: frames(0x8000), releasePolicy: { threshold: 0, retain: 0 } } : {});
  const initial = heap.freeBlocks();
  const live: Array<{ p: number; l: Layout }> = [];
  for (const o of ops) {
    if (o.kind === 'alloc') {
      const l = { size: o.size, align: 2 ** o.alignLog };
      const p = heap.alloc(l);
      if (p === null) continue;
      expect(p % l.align).toBe(0);
      for (const x of live) expect(p + l.size <= x.p || x.p + x.l.size <= p).toBe(true);
      live.push({ p, l });
    } else if (live.length > 0) {
      const [x] = live.splice(o.pick % live.length, 1);
      heap.dealloc(x!.p, x!.l);
    }
    expect(heap.checkHeap()).toEqual([]);
  }
  for (const x of live) heap.dealloc(x.p, x.l);
  expect(heap.checkHeap()).toEqual([]);
  expect(heap.stats().allocatedBytes).toBe(0);
  // Everything freed: the static space's blocks are back (rescued chunks were all returned).
  expect(heap.freeBlocks()).toEqual(initial);
}

describe('random alloc/dealloc sequences', () => {
  it('on the static heap: aligned, disjoint, consistent, and fully restored', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 120 }), (ops) => run(ops, false)), { seed: 42, numRuns: 150 });
  });

  it('with rescue and the HEP-02 release: the same, and the heap shrinks back to HEAP_SPACE', () => {
    const big: fc.Arbitrary<Op> = fc.oneof(op, fc.record({ kind: fc.constant('alloc' as const), size: fc.integer({ min: 300_000, max: 3_000_000 }), alignLog: fc.integer({ min: 0, max: 13 }) }));
    fc.assert(fc.property(fc.array(big, { maxLength: 60 }), (ops) => run(ops, true)), { seed: 7, numRuns: 60 });
  });
});
