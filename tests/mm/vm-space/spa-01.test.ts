import { describe, it, expect } from 'vitest';
import { PageFlags, UnencodablePropertyError, type PageProperty } from '../../../kernel-sim/mm/page-table/index.js';
import { vmKernel, UA } from './vm-kernel.js';

// Page 0 loses W; page 1 (R|X) would lose R too, which an x86-64 PTE cannot express: the page
// table fails at page 1 after changing page 0 — the partial failure of SPA-01.
const op = (p: PageProperty): void => {
  p.flags &= ~PageFlags.W;
  if (p.flags & PageFlags.X) p.flags &= ~PageFlags.R;
};

function setup(bugs: string[], protectRecovery?: 'rollback' | 'flush') {
  const t = vmKernel({ bugs });
  const s = t.space({ protectRecovery });
  const cpu = t.cpus[0]!;
  s.activate(cpu);
  s.map(t.frames(1), { addr: UA, flags: PageFlags.RW });
  s.map(t.frames(1), { addr: UA + 0x1000n, flags: PageFlags.RX });
  t.mmu.translate(cpu, UA, { user: true, write: true }); // cached writable and dirty
  t.mmu.translate(cpu, UA + 0x1000n, { user: true });
  return { t, s, cpu };
}

describe('SPA-01: partial protect failure', () => {
  it('audited: page 0 stays read-only in the table, unflushed; the CPU keeps writing through a stale entry', () => {
    const { t, s, cpu } = setup(['SPA-01']);
    const r = s.protect({ start: UA, end: UA + 0x2000n }, op);
    expect(r).toMatchObject({ ok: false, recovery: 'none', pagesChanged: 1 });
    expect(r.error).toBeInstanceOf(UnencodablePropertyError);
    expect(r.flush.invlpgs).toBe(0);
    t.mmu.translate(cpu, UA + 8n, { user: true, write: true });
    expect(t.mmu.stale.unsafe.map((x) => [x.kind, x.lastTableWrite])).toEqual([['rights-reduced', 'VmSpace::protect (partial)']]);
  });

  it('fixed (rollback): the table is restored, nothing stale', () => {
    const { t, s, cpu } = setup([]);
    const r = s.protect({ start: UA, end: UA + 0x2000n }, op);
    expect(r).toMatchObject({ ok: false, recovery: 'rolled-back', pagesChanged: 0 });
    expect(s.query(UA)!.flags & PageFlags.W).toBe(PageFlags.W);
    t.mmu.translate(cpu, UA + 8n, { user: true, write: true });
    expect(t.mmu.staleTranslations).toHaveLength(0);
  });

  it('fixed (flush): the change is kept and flushed, so the write faults instead', () => {
    const { t, s, cpu } = setup([], 'flush');
    const r = s.protect({ start: UA, end: UA + 0x2000n }, op);
    expect(r).toMatchObject({ ok: false, recovery: 'flushed', pagesChanged: 1 });
    expect(r.flush.invlpgs).toBe(2);
    expect(() => t.mmu.translate(cpu, UA + 8n, { user: true, write: true })).toThrow(/protection, write/);
    expect(t.mmu.staleTranslations).toHaveLength(0);
  });

  it('a successful protect flushes and reports ok', () => {
    const { t, s, cpu } = setup([]);
    const r = s.protect({ start: UA, end: UA + 0x2000n }, (p) => { p.flags &= ~PageFlags.W; });
    expect(r).toMatchObject({ ok: true, pagesChanged: 1 });
    expect(() => t.mmu.translate(cpu, UA, { user: true, write: true })).toThrow(/protection/);
    expect(t.mmu.staleTranslations).toHaveLength(0);
    expect(t.violations()).toEqual([]);
  });
});
