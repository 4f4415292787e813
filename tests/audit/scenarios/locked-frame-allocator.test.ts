import { describe, expect, it } from 'vitest';
import { bugSet } from '../../../kernel-sim/bugs/index.js';
import { FrameAllocator } from '../../../kernel-sim/mm/frame/frame-allocator.js';
import { LockedFrameAllocator } from '../../../kernel-sim/mm/frame/locked-frame-allocator.js';

describe('LockedFrameAllocator', () => {
  it('uses lock() with ALO-01 (as 232e62b) and lockIrqDisabled() fixed; the sync API allocates and frees', () => {
    for (const ids of [['ALO-01'], []]) {
      const lfa = new LockedFrameAllocator(new FrameAllocator([{ start: 0x100, end: 0x110 }]), { bugs: bugSet(ids) });
      expect(lfa.usesPlainLock).toBe(ids.length === 1);
      const f = lfa.allocSingle();
      expect(f).not.toBeNull();
      expect(lfa.allocator.framesInUse).toBe(1);
      lfa.dealloc(f!, 1);
      expect(lfa.allocator.framesInUse).toBe(0);
      expect(lfa.lock.isLocked()).toBe(false);
    }
  });
});
