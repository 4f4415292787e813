import { describe, it, expect } from 'vitest';
import { PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { vmKernel, UA } from './vm-kernel.js';

import { runFinding } from '../../../kernel-sim/audit/findings/index.js';

describe("SPA-01: partial protect failure, with the seed's trigger (a partial huge page) under 232e62b's encoding", () => {
  const o = runFinding('SPA-01').observation!;

  it('audited: the page before the huge page stays read-only in the table, unflushed; the CPU keeps writing through a stale entry', () => {
    expect(o.verdict).toBe('reproduced');
    expect(o.audited).toMatchObject({ protect: 'ProtectingPartialError, recovery none', pagesChanged: 1, invlpgs: 0, writeAfter: 'succeeded' });
    expect(o.audited.staleTranslations).toEqual(['rights-reduced after VmSpace::protect (partial)']);
  });

  it('fixed (rollback): the table is restored, nothing stale, the write still allowed', () => {
    expect(o.fixed).toMatchObject({ protect: 'ProtectingPartialError, recovery rolled-back', pagesChanged: 0, writeAfter: 'succeeded' });
    expect(o.fixed.staleTranslations).toEqual([]);
  });

  it('a successful protect flushes and reports ok', () => {
    const t = vmKernel();
    const s = t.space();
    const cpu = t.cpus[0]!;
    s.activate(cpu);
    s.map(t.frames(1), { addr: UA, flags: PageFlags.RW });
    t.mmu.translate(cpu, UA, { user: true, write: true });
    const r = s.protect({ start: UA, end: UA + 0x2000n }, (p) => { p.flags &= ~PageFlags.W; });
    expect(r).toMatchObject({ ok: true, pagesChanged: 1 });
    expect(() => t.mmu.translate(cpu, UA, { user: true, write: true })).toThrow(/protection/);
    expect(t.mmu.staleTranslations).toHaveLength(0);
    expect(t.violations()).toEqual([]);
  });
});
