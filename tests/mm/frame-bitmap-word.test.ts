import { describe, it, expect } from 'vitest';
import { FrameBitmap } from '../../kernel-sim/mm/frame/frame-bitmap.js';

describe('FrameBitmap word access and aligned blocks', () => {
  it('reads and writes 32-frame words, whole-chunk markers and frames above 2^32 included', () => {
    const b = new FrameBitmap();
    b.setRange(0, 2 ** 16); // one whole chunk: the FULL marker
    expect(b.word(64)).toBe(-1);
    b.setWord(64, 0b1010);
    expect(b.count).toBe(2 ** 16 - 30);
    expect(b.get(65) && b.get(67) && !b.get(64) && !b.get(66)).toBe(true);
    expect(b.word(64)).toBe(0b1010);
    const far = 2 ** 33 + 96;
    expect(b.word(far)).toBe(0);
    b.setWord(far, -1);
    expect(b.count).toBe(2 ** 16 - 30 + 32);
    expect(b.allSet(far, 32)).toBe(true);
    b.setWord(far, -1); // unchanged
    expect(b.count).toBe(2 ** 16 - 30 + 32);
  });

  it('sets and test-and-clears aligned blocks as the range operations do', () => {
    const b = new FrameBitmap();
    for (let k = 0; k <= 7; k++) b.setBlock(1024 * (k + 1), k);
    expect(b.count).toBe(255);
    b.setBlock(1024 + 0, 0); // already set: no change
    expect(b.count).toBe(255);
    expect(b.testAndClearBlock(2 * 1024, 2)).toBe(false); // an order-1 block there, not order 2
    expect(b.count).toBe(255);
    for (let k = 0; k <= 7; k++) expect(b.testAndClearBlock(1024 * (k + 1), k)).toBe(true);
    expect(b.count).toBe(0);
    expect(b.testAndClearBlock(1024, 0)).toBe(false);
  });
});
