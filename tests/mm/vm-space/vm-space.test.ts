import { describe, it, expect } from 'vitest';
import { PageFlags, propEquals } from '../../../kernel-sim/mm/page-table/index.js';
import { VmSpaceError } from '../../../kernel-sim/mm/vm-space/index.js';
import { vmKernel, UA } from './vm-kernel.js';

describe('VmSpace map / query / unmap / clear', () => {
  it('maps frames, queries them, refuses a clash unless can_overwrite, unmaps', () => {
    const t = vmKernel();
    const s = t.space();
    s.activate(t.cpus[0]!);
    const [a, b] = t.frames(2);
    const pa = a!.startPaddr();
    expect(s.map([a!, b!], { addr: UA, flags: PageFlags.RW })).toBe(UA);
    expect(t.mmu.translate(t.cpus[0]!, UA + 0x10n, { user: true, write: true }).paddr).toBe(pa + 0x10);
    expect(s.query(UA)!.flags & PageFlags.W).toBe(PageFlags.W);
    const kinds = [...s.queryRange({ start: UA, end: UA + 0x3000n })].map((q) => {
      if (q.kind === 'Mapped') q.frame.drop();
      return q.kind;
    });
    expect(kinds).toEqual(['Mapped', 'Mapped', 'NotMapped']);
    expect(() => s.map(t.frames(1), { addr: UA + 0x1000n })).toThrow(VmSpaceError);
    s.map(t.frames(1), { addr: UA + 0x1000n, canOverwrite: true, flags: PageFlags.R });
    expect(propEquals(s.query(UA + 0x1000n)!, { flags: PageFlags.R, cache: 'Writeback', privFlags: 1 })).toBe(true);
    s.unmap({ start: UA, end: UA + 0x2000n });
    expect(s.query(UA)).toBeNull();
    expect(() => t.mmu.translate(t.cpus[0]!, UA, { user: true })).toThrow(/not-present/);
    expect(t.mmu.staleTranslations).toHaveLength(0);
    expect(s.target13Violations).toHaveLength(0);
    s.map(t.frames(3), { addr: UA });
    s.clear();
    expect(s.query(UA + 0x2000n)).toBeNull();
    s.drop();
    expect(t.violations()).toEqual([]);
  });

  it('flushes on every CPU the space is active on (shootdown IPIs counted)', () => {
    const t = vmKernel();
    const s = t.space();
    s.activate(t.cpus[0]!);
    s.activate(t.cpus[1]!);
    s.map(t.frames(2), { addr: UA, flags: PageFlags.RW });
    for (const c of t.cpus) t.mmu.translate(c, UA, { user: true });
    s.unmap({ start: UA, end: UA + 0x2000n });
    expect(t.cpus[0]!.tlb.stats.ipisSent).toBeGreaterThan(0);
    for (const c of t.cpus) expect(() => t.mmu.translate(c, UA, { user: true })).toThrow(/not-present/);
    expect(t.mmu.staleTranslations).toHaveLength(0);
  });
});
