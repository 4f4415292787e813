import { describe, it, expect } from 'vitest';
import { checkPageDeallocation } from '../../kernel-sim/audit/targets/target-02-page-deallocation.js';
import { allViolations, smallKernel } from './page-test-kernel.js';

// Issue 12, bug 9: rounding tails of non-power-of-two FrameVecs and Segments (RTL-01).
describe('RTL-01: rounding tails', () => {
  const rounds = (bugs: string[]) => {
    const k = smallKernel({ bugs, check: false });
    const free = k.stats().freeFrames;
    for (let i = 0; i < 500; i++) {
      k.frames.alloc(5)!.drop();
      k.frames.allocContiguous(3)!.drop();
    }
    return { k, lost: free - k.stats().freeFrames };
  };

  it('fixed: 500 rounds of alloc(5) / alloc_contiguous(3) and drop lose nothing', () => {
    const { k, lost } = rounds([]);
    expect(lost).toBe(0);
    expect(k.frameAllocator.strandedFrames).toBe(0);
    expect(allViolations(k)).toEqual([]);
  });

  it('audited: the tails stay allocated with no holder, and Target 2 reports the leak', () => {
    const { k, lost } = rounds(['RTL-01']);
    expect(lost).toBe(500 * (3 + 1));
    expect(k.frameAllocator.strandedFrames).toBe(lost);
    expect(allViolations(k).join('\n')).toMatch(/T2: 2000 frames are allocated in the buddy but held by no caller/);
    expect(checkPageDeallocation(k.pages).ok).toBe(false);
  });
});
