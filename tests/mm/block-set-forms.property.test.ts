import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RUN_CAPACITY } from '../../kernel-sim/mm/frame/block-run.js';
import { BlockSet } from '../../kernel-sim/mm/frame/block-set.js';
import { propertyRuns } from '../property-runs.js';
import { blockOpArbs, takeRefWord, type BlockOp } from './block-set-ops.js';

// A BlockSet holds few blocks below 2^31 in a sorted run and more, or any from 2^31, in its
// bitmap form, going back to the run when it empties. Here fills push a set past the run's
// capacity, drains empty it, blocks from 2^31 force the bitmap with few blocks, and the word
// operations of the buddy's front group run in both forms.
const bases = [0, 2 ** 15 - 300, 2 ** 31 - 40, 2 ** 32];
const blockArb = fc.tuple(fc.constantFrom(0, 0, 0, ...bases), fc.integer({ min: 0, max: 600 })).map(([b, o]) => b + o);
type Op = BlockOp | { kind: 'popWord' | 'drain' } | { kind: 'putWord'; p: number; bits: number } | { kind: 'fill'; from: number; n: number; step: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  ...blockOpArbs(blockArb, 3),
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('popWord' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('putWord' as const), p: blockArb, bits: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fill' as const), from: blockArb, n: fc.integer({ min: 1, max: RUN_CAPACITY + 40 }), step: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drain' as const) }) },
);

describe('BlockSet in its run and bitmap forms against a plain set', () => {
  it('answers every operation as the plain set while it moves between its forms', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 100 }), (ops) => {
        const set = new BlockSet();
        const ref = new Set<number>();
        const low = () => (ref.size > 0 ? Math.min(...ref) : -1);
        for (const op of ops) {
          switch (op.kind) {
            case 'insert':
              expect(set.insert(op.p)).toBe(!ref.has(op.p));
              ref.add(op.p);
              break;
            case 'fill':
              for (let i = 0; i < op.n; i++) {
                const p = op.from + i * op.step;
                expect(set.insert(p)).toBe(!ref.has(p));
                ref.add(p);
              }
              break;
            case 'delete':
              expect(set.delete(op.p)).toBe(ref.delete(op.p));
              break;
            case 'take': {
              const buddy = op.p % 2 === 0 ? op.p + 1 : op.p - 1;
              const had = ref.delete(buddy);
              expect(set.takeBuddyOrInsert(op.p)).toBe(had);
              if (!had) ref.add(op.p);
              break;
            }
            case 'has':
              expect(set.has(op.p)).toBe(ref.has(op.p));
              break;
            case 'min':
              expect(set.min()).toBe(low());
              break;
            case 'pop': {
              const want = low();
              expect(set.popMin()).toBe(want);
              ref.delete(want);
              break;
            }
            case 'drain':
              while (ref.size > 0) {
                const want = low();
                expect(set.popMin()).toBe(want);
                ref.delete(want);
              }
              expect(set.popMin()).toBe(-1);
              break;
            case 'popWord': {
              const want = low();
              expect(set.popMin()).toBe(want);
              if (want < 0) break;
              ref.delete(want);
              expect(set.takePoppedWord()).toBe(takeRefWord(ref, want));
              break;
            }
            case 'putWord': {
              const base = op.p - (op.p % 32);
              set.putWord(base, op.bits);
              for (let i = 0; i < 32; i++) if ((op.bits & (1 << i)) !== 0) ref.add(base + i);
              break;
            }
          }
          expect(set.size).toBe(ref.size);
        }
        expect(set.sorted()).toEqual([...ref].sort((x, y) => x - y));
      }),
      { numRuns: propertyRuns(300, 2000) },
    );
  });

  it('moves to the bitmap past the run\'s capacity and back to the run when emptied', () => {
    const set = new BlockSet();
    for (let i = 0; i <= RUN_CAPACITY; i++) set.insert(3 * i);
    expect(set.size).toBe(RUN_CAPACITY + 1);
    expect(set.takeBuddyOrInsert(7)).toBe(true); // 6 goes
    for (let i = 0; i < RUN_CAPACITY; i++) set.popMin();
    expect(set.sorted()).toEqual([]);
    // Back in the run form, then past 2^31 into the bitmap again.
    set.insert(10);
    set.insert(2 ** 31 + 5);
    set.insert(4);
    expect(set.sorted()).toEqual([4, 10, 2 ** 31 + 5]);
    expect([set.popMin(), set.popMin(), set.popMin(), set.popMin()]).toEqual([4, 10, 2 ** 31 + 5, -1]);
  });

  it('takes a word that would overfill the run in its bitmap form', () => {
    // Runs a few blocks short of full, and words of 1 to 32 blocks: some fit, some overfill.
    for (let short = 0; short <= 8; short++) {
      for (const bits of [1, 0xff, -1]) {
        const set = new BlockSet();
        const want = Array.from({ length: RUN_CAPACITY - short }, (_, i) => 2 * i);
        for (const p of want) set.insert(p);
        set.putWord(4096, bits);
        for (let i = 0; i < 32; i++) if ((bits & (1 << i)) !== 0) want.push(4096 + i);
        expect(set.size).toBe(want.length);
        expect(set.sorted()).toEqual(want);
        for (const p of want) expect(set.popMin()).toBe(p);
      }
    }
  });

  it('takes its bitmap form when blocks come and go in its run\'s middle, and answers the same', () => {
    const set = new BlockSet();
    const ref = new Set<number>();
    for (let i = 0; i < 200; i++) { set.insert(4 * i); ref.add(4 * i); }
    // The form is not part of the API: read it to see that the crowded run was given up.
    const form = () => ((set as unknown as { bitmapped: boolean }).bitmapped ? 'bitmap' : 'run');
    expect(form()).toBe('run');
    for (let i = 0; i < 300; i++) {
      const p = 402 + 8 * (i % 20); // its buddy p + 1 is not in the set
      expect(set.takeBuddyOrInsert(p)).toBe(false);
      ref.add(p);
      expect(set.delete(p)).toBe(true);
      ref.delete(p);
    }
    expect(form()).toBe('bitmap');
    expect(set.sorted()).toEqual([...ref].sort((x, y) => x - y));
    // Emptied, the set takes the run form again.
    while (set.popMin() >= 0);
    set.insert(9);
    expect(form()).toBe('run');
    expect(set.sorted()).toEqual([9]);
  });
});
