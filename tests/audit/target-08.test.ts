import { describe, expect, test } from 'vitest';
import { checkPageTableNodes } from '../../kernel-sim/audit/targets/target-08-page-table-nodes.js';
import { checkPageTableViews } from '../../kernel-sim/audit/targets/page-table-views.js';
import { Page } from '../../kernel-sim/mm/page/index.js';
import { KernelMode, PageFlags, pageProperty, type PageTable } from '../../kernel-sim/mm/page-table/index.js';
import { ptKernel } from '../mm/page-table/pt-kernel.js';

function userTable(check = true): { t: ReturnType<typeof ptKernel>; pt: PageTable } {
  const t = ptKernel({ check });
  const pt = t.table();
  const c = pt.cursorMut(0x40_0000n, 0x40_3000n);
  for (let i = 0; i < 3; i++) c.map(t.frame(), pageProperty(PageFlags.RW));
  c.drop();
  return { t, pt };
}

/** The level-3 node under root index 0. */
const firstChild = (pt: PageTable): number => pt.ctx.readLo(pt.rootPaddr(), 0) & 0xfffff000;

describe('Target 8: the lifecycle of RawPageTableNode', () => {
  test('holds on a user table and a kernel table; the probe frees what it made', () => {
    for (const check of [true, false]) {
      const { t, pt } = userTable(check);
      const before = t.k.frameAllocator.framesInUse;
      const r = checkPageTableNodes(pt);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      expect(r.properties[0]!.notes).toEqual(['4 nodes', '0 CPUs with the root in CR3']);
      expect(t.k.frameAllocator.framesInUse).toBe(before);
      expect(t.violations()).toEqual([]);
    }
    const t = ptKernel();
    const kt = t.table(KernelMode);
    kt.makeSharedTables(256, 260);
    expect(checkPageTableNodes(kt).properties[0]!.notes).toEqual(['5 nodes', '0 CPUs with the root in CR3']);
  });

  test('a PTE whose reference is taken back as a live handle breaks reference-count correctness', () => {
    const { pt } = userTable();
    const pa = firstChild(pt);
    const h = Page.fromRaw(pt.ctx.pages, pa, pt.ctx.ptMeta); // the PTE's reference, now a live handle
    const r = checkPageTableNodes(pt);
    expect(r.ok).toBe(false);
    expect(r.properties[0]!.violations).toEqual([`node 0x${pa.toString(16)}: 1 PTE/root/CR3 references but 0 forgotten handles (a reference was not transferred)`]);
    h.intoRaw();
    expect(checkPageTableNodes(pt).ok).toBe(true);
  });

  test('a PTE leading to a freed node is reported as use after free', () => {
    const { t, pt } = userTable();
    const root = pt.rootPaddr();
    const freed = t.k.frameAllocator.allocSingle({ zeroed: true })!;
    t.k.frameAllocator.dealloc(freed, 1);
    const lo = pt.ctx.readLo(root, 1);
    pt.ctx.memory.writeU32(root + 8, (freed * 4096) | 0x7);
    const r = checkPageTableNodes(pt);
    expect(r.properties[0]!.violations).toEqual([`node 0x${(freed * 4096).toString(16)}: reached from the tree but its page is not a PageTable page (use after free)`]);
    pt.ctx.memory.writeU32(root + 8, lo);
  });
});

describe('three-view refinement as a report', () => {
  test('consistent in checking mode; without it only tree_to_path is checked, and says so', () => {
    const on = checkPageTableViews(userTable(true).pt);
    expect(on.ok).toBe(true);
    expect(on.properties.map((p) => p.property)).toEqual(['tree_to_path_refinement', 'path_to_flat_refinement', 'tree_to_flat_refinement']);
    expect(on.properties[0]!.notes).toEqual(['4 nodes, 3 leaf entries']);
    const off = checkPageTableViews(userTable(false).pt);
    expect(off.ok).toBe(true);
    expect(off.properties[2]!.notes).toEqual(['no flat view: the table was not made in checking mode']);
  });
});
