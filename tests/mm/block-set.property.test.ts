import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BlockSet } from '../../kernel-sim/mm/frame/block-set.js';
import { propertyRuns } from '../property-runs.js';
import { blockOpArbs, takeRefWord, type BlockOp } from './block-set-ops.js';

// Block numbers in a few pages (2^15 blocks each) near 0, across 2^31 and near 2^40, so that
// pops move between pages and the hinted word empties, refills and is undercut.
const bases = [0, 0, 0, 2 ** 15 - 40, 2 ** 31 - 2 ** 15 - 20, 2 ** 31 - 20, 2 ** 32, 2 ** 40 - 2 ** 16];
// Mostly a few words of one page (blocks meet in words and undercut the lowest), sometimes
// anywhere in two pages.
const offsetArb = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 15 + 60 }) });
const blockArb = fc.tuple(fc.constantFrom(...bases), offsetArb).map(([b, o]) => Math.min(b + o, 2 ** 40));
const opArb: fc.Arbitrary<BlockOp> = fc.oneof(...blockOpArbs(blockArb, 2));

describe('BlockSet against a sorted array', () => {
  it('pops a block inserted below the word the last pop left non-empty', () => {
    const set = new BlockSet();
    for (const p of [100, 101, 200]) set.insert(p);
    expect(set.popMin()).toBe(100);
    set.insert(5);
    expect(set.popMin()).toBe(5);
    expect(set.popMin()).toBe(101);
    // A lower page takes over from the hinted one.
    set.insert(2 ** 16 + 3);
    set.insert(2 ** 16 + 4);
    expect(set.popMin()).toBe(200);
    expect(set.popMin()).toBe(2 ** 16 + 3);
    set.insert(7);
    expect(set.popMin()).toBe(7);
    expect(set.popMin()).toBe(2 ** 16 + 4);
    expect(set.popMin()).toBe(-1);
  });


  it('answers for the words past a page\'s first 64 before they exist, and keeps the low ones when they come', () => {
    const set = new BlockSet();
    set.insert(3);
    set.insert(2 ** 15 + 1); // a second page, its pool partial
    expect(set.has(64 * 32 + 1)).toBe(false);
    expect(set.delete(2 ** 15 + 5000)).toBe(false);
    expect(set.sorted()).toEqual([3, 2 ** 15 + 1]);
    set.insert(2 ** 15 + 5000); // the second page in full
    set.insert(2000); // the first page's words were kept when the second came
    expect(set.sorted()).toEqual([3, 2000, 2 ** 15 + 1, 2 ** 15 + 5000]);
    expect(set.takeBuddyOrInsert(2 ** 15 + 5001)).toBe(true);
    expect([set.popMin(), set.popMin(), set.popMin(), set.popMin()]).toEqual([3, 2000, 2 ** 15 + 1, -1]);
  });

  it('answers every insert, delete, buddy step, membership and lowest-block query as the plain set', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const set = new BlockSet();
        const ref: number[] = [];
        const at = (p: number) => ref.indexOf(p);
        for (const op of ops) {
          switch (op.kind) {
            case 'insert': {
              const had = at(op.p) >= 0;
              expect(set.insert(op.p)).toBe(!had);
              if (!had) ref.push(op.p);
              break;
            }
            case 'delete': {
              const i = at(op.p);
              expect(set.delete(op.p)).toBe(i >= 0);
              if (i >= 0) ref.splice(i, 1);
              break;
            }
            case 'take': {
              // The buddy of p is p ^ 1 (exact above 2^32 too).
              const buddy = op.p % 2 === 0 ? op.p + 1 : op.p - 1;
              const j = at(buddy);
              expect(set.takeBuddyOrInsert(op.p)).toBe(j >= 0);
              if (j >= 0) ref.splice(j, 1);
              else if (at(op.p) < 0) ref.push(op.p);
              break;
            }
            case 'has':
              expect(set.has(op.p)).toBe(at(op.p) >= 0);
              break;
            case 'pop':
            case 'min': {
              ref.sort((x, y) => x - y);
              const want = ref.length > 0 ? ref[0]! : -1;
              expect(op.kind === 'pop' ? set.popMin() : set.min()).toBe(want);
              if (op.kind === 'pop' && want >= 0) ref.shift();
              break;
            }
          }
          expect(set.size).toBe(ref.length);
        }
        expect(set.sorted()).toEqual([...ref].sort((x, y) => x - y));
      }),
      { numRuns: propertyRuns(250, 1000) },
    );
  });

  it('takes the rest of a popped block\'s word and puts words back as the plain set', () => {
    type WordOp = { kind: 'insert'; p: number } | { kind: 'popWord' } | { kind: 'putWord'; p: number; bits: number };
    const wordOpArb: fc.Arbitrary<WordOp> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), p: blockArb }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('popWord' as const) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('putWord' as const), p: blockArb, bits: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }) },
    );
    fc.assert(
      fc.property(fc.array(wordOpArb, { maxLength: 80 }), (ops) => {
        const set = new BlockSet();
        const ref = new Set<number>();
        for (const op of ops) {
          if (op.kind === 'insert') {
            set.insert(op.p);
            ref.add(op.p);
          } else if (op.kind === 'popWord') {
            const low = ref.size > 0 ? Math.min(...ref) : -1;
            expect(set.popMin()).toBe(low);
            if (low < 0) continue;
            ref.delete(low);
            expect(set.takePoppedWord()).toBe(takeRefWord(ref, low));
          } else {
            const base = op.p - (op.p % 32);
            set.putWord(base, op.bits);
            for (let i = 0; i < 32; i++) if ((op.bits & (1 << i)) !== 0) ref.add(base + i);
          }
          expect(set.size).toBe(ref.size);
        }
        expect(set.sorted()).toEqual([...ref].sort((x, y) => x - y));
      }),
      { numRuns: propertyRuns(125, 500) },
    );
  });
});
