import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { BuddyFrameAllocator } from '../../kernel-sim/mm/frame/index.js';
import {
  buddyinfo, buddyinfoTable, contigPageInfo, extfragForOrder, formatBuddyinfo, formatThousandths,
  fragmentationIndex, fragmentationIndices, fragmentationTable, largestFreeBlock, unusableFreeIndex, FragmentationSampler,
} from '../../kernel-sim/metrics/index.js';

// proc_buddyinfo(5)'s Normal zone.
const MAN = [216, 55, 189, 101, 84, 38, 37, 27, 5, 3, 587];
const row = (order: number, blocks: number, len = 11) => Array.from({ length: len }, (_, k) => (k === order ? blocks : 0));

describe('Linux fragmentation indices (mm/vmstat.c integer arithmetic)', () => {
  it('unusable free space index of the man-page zone', () => {
    expect(MAN.map((_, k) => formatThousandths(unusableFreeIndex(MAN, k))).join(' '))
      .toBe('0.000 0.000 0.000 0.001 0.003 0.005 0.007 0.011 0.016 0.018 0.021');
  });

  it('fill_contig_page_info by hand', () => {
    // 3 order-0 + 2 order-2 blocks, seen from order 1: 11 pages, 5 blocks, 2<<1 = 4 suitable
    expect(contigPageInfo([3, 0, 2], 1)).toEqual({ freePages: 11, freeBlocksTotal: 5, freeBlocksSuitable: 4 });
    // unusable at order 1: (11 - 4*2)*1000/11 = 272
    expect(unusableFreeIndex([3, 0, 2], 1)).toBe(272);
    expect(extfragForOrder([3, 0, 2], 1)).toBe(27);
    expect(unusableFreeIndex([0, 0, 0], 0)).toBe(1000);
    expect(extfragForOrder([0, 0, 0], 0)).toBe(0);
  });

  it('extfrag index: -1000 when it would succeed, and the reference edge cases', () => {
    expect(fragmentationIndex(MAN, 3)).toBe(-1000);
    expect(fragmentationIndex(row(8, 1), 9)).toBe(-500);
    expect(fragmentationIndex(row(0, 4096), 9)).toBe(998);
    expect(fragmentationIndex(row(0, 512), 9)).toBe(997);
    expect(fragmentationIndex(row(0, 0), 4)).toBe(0); // nothing free
    expect(fragmentationIndex(row(0, 5), 11)).toBe(0); // beyond the top order
    // 4 order-0 + 1 order-1 at order 2: 1000 - (1000 + 6*1000/4)/5 = 1000 - 500 = 500
    expect(fragmentationIndex([4, 1, 0], 2)).toBe(500);
    expect(formatThousandths(-1000)).toBe('-1.000');
    expect(formatThousandths(-500)).toBe('-0.500');
  });

  it('builds tables and reads a buddy allocator', () => {
    const b = new BuddyFrameAllocator();
    b.addFrame(3, 20);
    expect(buddyinfo(b).slice(0, 4)).toEqual([1, 0, 2, 1]);
    expect(largestFreeBlock(b)).toEqual({ order: 3, frames: 8, bytes: 32768 });
    expect(largestFreeBlock(new BuddyFrameAllocator())).toBeNull();
    const t = fragmentationTable(buddyinfo(b));
    expect(t.numRows()).toBe(32);
    expect(t.get('extfrag_index', 3)).toBe(-1000);
    expect(t.get('unusable_index', 4)).toBe(1000);
    expect(buddyinfoTable(buddyinfo(b)).get('free_frames', 2)).toBe(8);
    expect(formatBuddyinfo([216, 55])).toBe('   216     55 ');
  });

  it('samples over a timeline into long and summary tables', () => {
    const b = new BuddyFrameAllocator();
    b.addFrame(0, 64);
    const s = new FragmentationSampler([0, 3]);
    s.sample(0, b);
    b.alloc(1);
    s.sample(1, b);
    expect(s.samples).toBe(2);
    expect(s.byOrder().numRows()).toBe(4);
    expect(s.summary().array('free_frames')).toEqual([64, 63]);
  });
});

describe('fragmentationIndices (every order in one pass)', () => {
  it('gives, order by order, what unusableFreeIndex and fragmentationIndex give', () => {
    const row = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 20 })), { maxLength: 32 });
    fc.assert(
      fc.property(row, (counts) => {
        const all = fragmentationIndices(counts);
        expect(all.unusable).toEqual(counts.map((_, k) => unusableFreeIndex(counts, k)));
        expect(all.extfrag).toEqual(counts.map((_, k) => fragmentationIndex(counts, k)));
      }),
      { numRuns: 300 },
    );
  });
});
