import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BlockRun, RUN_CAPACITY } from '../../kernel-sim/mm/frame/block-run.js';
import { propertyRuns } from '../property-runs.js';
import { blockOpArbs, type BlockOp } from './block-set-ops.js';

// Blocks from a few hundred near 0 (buddies and neighbours meet) and near 2^31 - 1 (the largest
// block a run takes); fills of up to the capacity, ascending, descending or scattered, so that
// the run inserts at both ends and in the middle, re-centres and grows.
const blockArb = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 700 }) }, { weight: 1, arbitrary: fc.integer({ min: 2 ** 31 - 64, max: 2 ** 31 - 1 }) });
type Op = BlockOp | { kind: 'popWord' } | { kind: 'fill'; from: number; n: number; step: number; down: boolean };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  ...blockOpArbs(blockArb, 3),
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('popWord' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fill' as const), from: fc.integer({ min: 0, max: 700 }), n: fc.integer({ min: 1, max: RUN_CAPACITY }), step: fc.integer({ min: 1, max: 5 }), down: fc.boolean() }) },
);

// The run's operations, protected (BlockSet extends the run), opened for the test.
class Run extends BlockRun {
  get size(): number { return this.runSize; }
  min(): number { return this.runMin(); }
  popMin(): number { return this.runPopMin(); }
  has(p: number): boolean { return this.runHas(p); }
  insert(p: number): boolean { return this.runInsert(p); }
  delete(p: number): boolean { return this.runDelete(p); }
  takeBuddyOrInsert(p: number): boolean { return this.runTakeBuddyOrInsert(p); }
  takeLowWord(base: number): number { return this.runTakeLowWord(base); }
  sorted(): number[] { return this.runSorted(); }
  get crowded(): boolean { return this.runCrowded; }
}

// The plain set: a sorted array.
function insertSorted(ref: number[], p: number): boolean {
  if (ref.includes(p)) return false;
  ref.push(p);
  ref.sort((x, y) => x - y);
  return true;
}

describe('BlockRun against a sorted array', () => {
  it('answers every insert, delete, buddy step, membership, lowest-block and word query as the plain set', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150 }), (ops) => {
        const run = new Run();
        const ref: number[] = [];
        const full = () => ref.length >= RUN_CAPACITY;
        for (const op of ops) {
          switch (op.kind) {
            case 'insert':
              if (!full()) expect(run.insert(op.p)).toBe(insertSorted(ref, op.p));
              break;
            case 'fill':
              for (let i = 0; i < op.n && !full(); i++) {
                const p = op.down ? op.from + (op.n - 1 - i) * op.step : op.from + i * op.step;
                expect(run.insert(p)).toBe(insertSorted(ref, p));
              }
              break;
            case 'delete': {
              const i = ref.indexOf(op.p);
              expect(run.delete(op.p)).toBe(i >= 0);
              if (i >= 0) ref.splice(i, 1);
              break;
            }
            case 'take': {
              if (full()) break;
              const j = ref.indexOf(op.p ^ 1);
              expect(run.takeBuddyOrInsert(op.p)).toBe(j >= 0);
              if (j >= 0) ref.splice(j, 1);
              else insertSorted(ref, op.p);
              break;
            }
            case 'has':
              expect(run.has(op.p)).toBe(ref.includes(op.p));
              break;
            case 'min':
              expect(run.min()).toBe(ref.length > 0 ? ref[0] : -1);
              break;
            case 'pop':
              expect(run.popMin()).toBe(ref.length > 0 ? ref.shift() : -1);
              break;
            case 'popWord': {
              // The lowest block, then the rest of its 32-block word.
              const low = ref.shift();
              expect(run.popMin()).toBe(low ?? -1);
              if (low === undefined) break;
              const base = low & ~31;
              let want = 0;
              while (ref.length > 0 && (ref[0]! & ~31) === base) want |= 1 << (ref.shift()! & 31);
              expect(run.takeLowWord(base)).toBe(want);
              break;
            }
          }
          expect(run.size).toBe(ref.length);
        }
        expect(run.sorted()).toEqual(ref);
      }),
      { numRuns: propertyRuns(1000, 5000) },
    );
  });

  it('takes blocks at both ends without moving the others, and fills to the capacity', () => {
    const run = new Run();
    // Ascending then descending inserts around 1000, then the capacity's worth.
    for (let i = 0; i < 40; i++) { run.insert(1000 + i); run.insert(999 - i); }
    expect(run.sorted()).toEqual(Array.from({ length: 80 }, (_, i) => 960 + i));
    for (let i = 0; run.size < RUN_CAPACITY; i++) run.insert(5000 + 2 * i);
    expect(run.size).toBe(RUN_CAPACITY);
    expect(run.takeBuddyOrInsert(5001)).toBe(true); // its buddy 5000 goes
    expect(run.min()).toBe(960);
    for (let i = 0; i < 80; i++) run.popMin();
    expect(run.min()).toBe(5002);
  });

  it('is crowded once its blocks come and go in its middle, never while they do at its ends', () => {
    const ends = new Run();
    // Blocks freed and popped at the low end, and added above all the others (a queue).
    for (let i = 0; i < 200; i++) ends.insert(2 * i);
    for (let i = 200; i < 20_000; i++) {
      ends.insert(2 * i);
      ends.takeBuddyOrInsert(ends.popMin() ^ 1);
      ends.popMin();
      expect(ends.crowded).toBe(false);
    }
    const middle = new Run();
    for (let i = 0; i < 200; i++) middle.insert(4 * i);
    let ops = 0;
    while (!middle.crowded && ops < 10_000) {
      middle.insert(401 + 4 * (ops % 2));
      middle.delete(401 + 4 * (ops % 2));
      ops++;
    }
    expect(middle.crowded).toBe(true);
    expect(ops).toBeLessThan(100);
  });
});
