import { describe, it, expect } from 'vitest';
import { PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { VmSpaceError } from '../../../kernel-sim/mm/vm-space/index.js';
import { vmKernel, UA } from './vm-kernel.js';

// Issue 12, bug 5: a refusal releases what was moved in; the ledger proves it.
describe('VmSpace refusals release the frames moved in', () => {
  it('map on a dropped space drops its frames', () => {
    const t = vmKernel();
    const s = t.space();
    s.drop();
    const live = t.k.pages.ledger.liveHandles;
    const free = t.k.stats().freeFrames;
    const frames = t.frames(3);
    expect(() => s.map(frames, { addr: UA, flags: PageFlags.RW })).toThrow(VmSpaceError);
    expect(frames.every((f) => !f.isLive)).toBe(true);
    expect(t.k.pages.ledger.liveHandles).toBe(live);
    expect(t.k.stats().freeFrames).toBe(free);
    expect(t.violations()).toEqual([]);
  });
});
