import { describe, expect, it } from 'vitest';
import { checkPageTableNodes } from '../../../kernel-sim/audit/targets/target-08-page-table-nodes.js';
import { PAGE_USAGE } from '../../../kernel-sim/mm/page/index.js';
import { activeRootOf, cpusHoldingRoot, KernelMode, PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import { vmKernel, UA } from '../vm-space/vm-kernel.js';
import { ptKernel } from './pt-kernel.js';

describe('RawPageTableNode::activate takes a reference (FG4.10.4)', () => {
  it('CR3 holds one reference per CPU; moving CR3 away releases it; re-activating the same root adds none', () => {
    const t = vmKernel();
    const a = t.space();
    const [c0, c1] = t.cpus;
    const root = a.pt.rootPaddr();
    const rc = () => t.k.meta.refCount(root / 4096);
    expect(rc()).toBe(1);
    a.activate(c0!);
    expect(rc()).toBe(2);
    a.activate(c0!);
    expect(rc()).toBe(2);
    a.activate(c1!);
    expect(rc()).toBe(3);
    expect(cpusHoldingRoot(a.pt.ctx, root)).toEqual([c0, c1]);
    expect(checkPageTableNodes(a.pt).ok).toBe(true);
    const b = t.space();
    b.activate(c1!);
    expect(rc()).toBe(2);
    expect(activeRootOf(c1!)?.paddr).toBe(b.pt.rootPaddr());
    expect(t.violations()).toEqual([]);
  });

  it('dropping a VmSpace still active on a CPU keeps its root until CR3 moves away', () => {
    const t = vmKernel();
    const a = t.space();
    const cpu = t.cpus[0]!;
    a.activate(cpu);
    a.map(t.frames(1), { addr: UA, flags: PageFlags.RW });
    const root = a.pt.rootPaddr();
    a.drop();
    expect(t.k.meta.usage(root / 4096)).toBe(PAGE_USAGE.PageTable); // not freed under CR3
    expect(t.k.meta.refCount(root / 4096)).toBe(1);
    expect(cpu.root).toBe(root);
    t.space().activate(cpu);
    expect(t.k.meta.usage(root / 4096)).toBe(PAGE_USAGE.Unused); // released by the next activation
    expect(t.violations()).toEqual([]);
  });

  it('Target 8 counts the CR3 references and refuses a non-root', () => {
    const t = ptKernel();
    const pt = t.table();
    const cpu = vmKernel().cpus[0]!;
    cpu.enterLongMode({ root: pt.rootPaddr(), pge: true, nxe: true });
    pt.activate(cpu);
    const r = checkPageTableNodes(pt);
    expect(r.properties[0]!.notes).toContain('1 CPUs with the root in CR3');
    expect(r.ok).toBe(true);
    cpu.switchRoot(t.table(KernelMode).rootPaddr()); // CR3 moved behind the kernel's back
    expect(checkPageTableNodes(pt).properties[0]!.violations[0]).toMatch(/cpu 0 holds a reference to root .* but its CR3 points at/);
  });
});

describe('KernelPanic for activating a non-root', () => {
  it('panics on a level-1 node', async () => {
    const t = ptKernel();
    const { PageTableNode } = await import('../../../kernel-sim/mm/page-table/index.js');
    const n = PageTableNode.alloc(t.ctx, 1).intoRaw();
    const cpu = vmKernel().cpus[0]!;
    expect(() => n.activate(cpu)).toThrow(KernelPanic);
  });
});
