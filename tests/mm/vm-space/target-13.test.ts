import { describe, it, expect } from 'vitest';
import { PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { InvariantViolation } from '../../../kernel-sim/mm/page/index.js';
import { vmKernel, UA } from './vm-kernel.js';

function mapped(order?: 'flush-then-free' | 'free-then-flush') {
  const t = vmKernel();
  const s = t.space({ unmapOrder: order });
  s.activate(t.cpus[0]!);
  s.map(t.frames(4), { addr: UA, flags: PageFlags.RW });
  for (let i = 0n; i < 4n; i++) t.mmu.translate(t.cpus[0]!, UA + i * 0x1000n, { user: true });
  return { t, s };
}

describe('Verification Target 13: TLB flushed before a frame is freed', () => {
  it("catches 232e62b's order (free, then flush) as a test double", () => {
    const { t, s } = mapped('free-then-flush');
    const free = t.k.stats().freeFrames;
    let err: unknown;
    try {
      s.unmap({ start: UA, end: UA + 0x4000n });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvariantViolation);
    expect((err as InvariantViolation).target).toBe(13);
    expect(s.target13Violations).toHaveLength(4);
    expect(s.target13Violations[0]).toMatch(/VmSpace::unmap: frame 0x[0-9a-f]+ freed while the TLB of CPU 0/);
    // the operation completed: frames back, table consistent, TLB flushed
    expect(t.k.stats().freeFrames).toBe(free + 4);
    expect(s.query(UA)).toBeNull();
    expect(t.violations()).toEqual([]);
  });

  it('passes with the fixed order, and with frames still shared (no frame freed)', () => {
    const { t, s } = mapped();
    const child = s.forkCopyOnWrite();
    s.unmap({ start: UA, end: UA + 0x2000n });
    expect(s.target13Violations).toEqual([]);
    child.unmap({ start: UA, end: UA + 0x4000n });
    s.unmap({ start: UA, end: UA + 0x4000n });
    expect(s.target13Violations).toEqual([]);
    expect(child.target13Violations).toEqual([]);
    child.drop();
    s.drop();
    expect(t.violations()).toEqual([]);
  });

  it('the check is off outside checking mode', () => {
    const t = vmKernel({ check: false });
    const s = t.space({ unmapOrder: 'free-then-flush' });
    s.activate(t.cpus[0]!);
    s.map(t.frames(1), { addr: UA });
    t.mmu.translate(t.cpus[0]!, UA, { user: true });
    s.unmap({ start: UA, end: UA + 0x1000n });
    expect(s.target13Violations).toEqual([]);
  });
});
