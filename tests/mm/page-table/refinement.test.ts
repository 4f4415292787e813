import { describe, expect, test } from 'vitest';
import { bootKernel } from '../../../kernel-sim/kernel/index.js';
import { buildKernelAddressSpace } from '../../../kernel-sim/mm/kspace/index.js';
import { FlatView, KernelMode, PageFlags, pageProperty, vpnOf, type PageTable } from '../../../kernel-sim/mm/page-table/index.js';
import { InvariantViolation } from '../../../kernel-sim/mm/page/index.js';
import { ptKernel } from './pt-kernel.js';

const RW = pageProperty(PageFlags.RW);
const GiB = 1n << 30n;
const MiB2 = 1n << 21n;

function mapFrames(t: ReturnType<typeof ptKernel>, pt: PageTable, va: bigint, n: number): number[] {
  const c = pt.cursorMut(va, va + BigInt(n * 4096));
  const pas: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = t.frame();
    pas.push(f.paddr());
    c.map(f, RW);
  }
  c.drop();
  return pas;
}

describe('FlatView (PageTableMapModel)', () => {
  test('set merges runs that continue each other; clear and protect split them', () => {
    const v = new FlatView();
    v.set(10, 2, 0x10000, RW);
    v.set(12, 3, 0x12000, RW); // continues: one run
    expect(v.runs()).toHaveLength(1);
    v.set(20, 1, 0x12000, RW); // same frame elsewhere: a second run
    expect(v.runs().map((r) => [r.vpn, r.pages])).toEqual([[10, 5], [20, 1]]);
    v.clear(11, 13);
    expect(v.runs().map((r) => [r.vpn, r.pages, r.pa])).toEqual([[10, 1, 0x10000], [13, 2, 0x13000], [20, 1, 0x12000]]);
    v.protect(0, 14, (p) => { p.flags = PageFlags.R; });
    expect(v.at(13)?.prop.flags).toBe(PageFlags.R);
    expect(v.at(14)?.prop.flags).toBe(PageFlags.RW);
    expect(v.at(11)).toBeNull();
    expect(v.at(14)?.pa).toBe(0x14000);
    expect(v.slice(14, 21).runs().map((r) => [r.vpn, r.pages])).toEqual([[14, 1], [20, 1]]);
  });
});

describe('three-view refinement (tree, path, flat) in checking mode', () => {
  test('a user table after map, protect and unmap: all three views agree', () => {
    const t = ptKernel();
    const pt = t.table();
    mapFrames(t, pt, GiB - MiB2, 1024); // crosses a 1 GiB boundary: two level-3 subtrees
    pt.protect({ start: GiB, end: GiB + 0x10000n }, (p) => { p.flags = PageFlags.R; });
    pt.unmap({ start: GiB - 0x8000n, end: GiB + 0x4000n });
    const r = pt.refinement();
    expect([r.treeToPath, r.pathToFlat, r.treeToFlat]).toEqual([[], [], []]);
    expect(r.leaves).toBe(1024 - 12);
    expect(pt.flat!.at(vpnOf(pt.ctx.consts, GiB + 0x4000n))?.prop.flags).toBe(PageFlags.R);
  });

  test('UNM-01 audited: the part of the range the unmap skips is still in the tree, not in the flat view', () => {
    for (const audited of [true, false]) {
      const t = ptKernel({ unmapSkipsRest: audited });
      const pt = t.table();
      mapFrames(t, pt, GiB, 4);
      const unmap = (): void => pt.unmap({ start: GiB - MiB2, end: GiB + MiB2 });
      if (audited) expect(unmap).toThrow(InvariantViolation); // checked when the cursor drops
      else unmap();
      const r = pt.refinement();
      if (audited) {
        // Four frames not contiguous in memory: one line per stretch that continues.
        expect(r.treeToFlat.length).toBeGreaterThan(0);
        expect(r.treeToFlat[0]).toMatch(new RegExp(`^0x40000000\\.\\.0x4000[1-4]000: mapped \\(to 0x${pt.query(GiB)!.paddr.toString(16)}\\) in the tree, not in the flat view$`));
        expect(r.treeToFlat.at(-1)).toMatch(/^0x4000[0-3]000\.\.0x40004000: mapped/);
        expect(r.pathToFlat).toEqual(r.treeToFlat.map((l) => l.replace('the tree', 'the walk')));
      } else {
        expect([r.treeToPath, r.pathToFlat, r.treeToFlat]).toEqual([[], [], []]);
      }
    }
  });

  test('a PTE written behind the cursors is caught by both flat refinements, with its address', () => {
    const t = ptKernel();
    const pt = t.table();
    mapFrames(t, pt, 0x7000_0000n, 2);
    const leaf = pt.query(0x7000_1000n)!;
    // Find the level-1 node by walking, then point the entry at another frame.
    const w = pt.ctx.memory;
    const node = pt.refinement(); // consistent before
    expect(node.treeToFlat).toEqual([]);
    const other = t.frame().paddr();
    const pte = findLeafPte(pt, 0x7000_1000n);
    w.writeU32(pte, ((other & 0xfffff000) | (w.readU32(pte) & 0xfff)) >>> 0);
    const r = pt.refinement();
    expect(r.treeToPath).toEqual([]); // the walk and the tree still agree on the (wrong) entry
    expect(r.treeToFlat[0]).toBe(`0x70001000..0x70002000: the tree maps 0x${other.toString(16)}, the flat view 0x${leaf.paddr.toString(16)}`);
    expect(r.pathToFlat[0]).toContain('the walk maps');
  });

  test('an entry the kernel reads as a leaf and the processor as a table breaks tree_to_path', () => {
    const t = ptKernel();
    const pt = t.table(KernelMode);
    pt.makeSharedTables(256, 257);
    const root = pt.rootPaddr();
    const lo = pt.ctx.readLo(root, 256);
    pt.ctx.memory.writeU32(root + 256 * 8, (lo | 0x80) >>> 0); // PS in a PML4E: reserved for the processor
    const r = pt.refinement(new FlatView());
    expect(r.treeToPath.length).toBeGreaterThan(0);
    expect(r.treeToPath[0]).toBe('0xffff800000000000: the walk finds no page (absent entry after 2 tables); the tree has a level-4 leaf');
    pt.ctx.memory.writeU32(root + 256 * 8, lo);
  });

  test('fork_copy_on_write: the child starts with the parent\'s flat user half, both read-only', () => {
    const t = ptKernel();
    const pt = t.table();
    mapFrames(t, pt, 0x40_0000n, 3);
    const child = pt.forkCopyOnWrite();
    for (const p of [pt, child]) {
      const r = p.refinement();
      expect([r.treeToPath, r.pathToFlat, r.treeToFlat]).toEqual([[], [], []]);
      expect(p.flat!.runs().every((x) => x.prop.flags === PageFlags.R)).toBe(true);
      expect(p.flat!.runs().reduce((n, x) => n + x.pages, 0)).toBe(3);
    }
    expect(child.flat!.runs()).toEqual(pt.flat!.runs());
    expect(child.flat).not.toBe(pt.flat);
    child.drop();
    pt.drop();
    expect(t.violations()).toEqual([]);
  });

  test('the kernel page table kspace builds on a real capture refines its flat view', () => {
    const k = bootKernel('datasets/mbi/q35-1G.mbi', { check: true });
    const ks = buildKernelAddressSpace(k);
    const r = ks.pageTable.refinement();
    expect([r.treeToPath, r.pathToFlat, r.treeToFlat]).toEqual([[], [], []]);
    expect(r.leaves).toBeGreaterThan(0);
    expect(ks.pageTable.flat!.runs().length).toBeGreaterThan(0);
  });
});

/** The physical address of the level-1 PTE of `va` in a 4-level table. */
function findLeafPte(pt: PageTable, va: bigint): number {
  const vpn = vpnOf(pt.ctx.consts, va);
  let node = pt.rootPaddr();
  for (let level = 4; level > 1; level--) {
    const idx = Math.floor(vpn / 512 ** (level - 1)) % 512;
    node = pt.ctx.readLo(node, idx) & 0xfffff000;
  }
  return node + (vpn % 512) * 8;
}
