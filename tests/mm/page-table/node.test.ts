import { describe, expect, test } from 'vitest';
import { PAGE_SIZE } from '../../../kernel-sim/machine/index.js';
import { InvariantViolation, PAGE_USAGE, PT_META_OFFSETS } from '../../../kernel-sim/mm/page/index.js';
import { lockByte, PageFlags, pageProperty, PageTableNode, pteIsPresent } from '../../../kernel-sim/mm/page-table/index.js';
import { WouldBlockError } from '../../../kernel-sim/sync/index.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import { ptKernel } from './pt-kernel.js';

const RW = pageProperty(PageFlags.RW);
const rc = (t: ReturnType<typeof ptKernel>, pa: number): number => t.k.pages.meta.refCount(pa / PAGE_SIZE);

describe('PageTableNode (FG4.10)', () => {
  test('alloc: a zeroed PageTable page, lock byte held, level set, no children', () => {
    const t = ptKernel();
    const n = PageTableNode.alloc(t.ctx, 3);
    expect(t.k.pages.meta.usage(n.pa / PAGE_SIZE)).toBe(PAGE_USAGE.PageTable);
    expect(lockByte(t.ctx, n.pa)).toBe(1);
    expect(n.level()).toBe(3);
    expect(n.nrValidChildren()).toBe(0);
    for (let i = 0; i < 512; i++) expect(pteIsPresent(n.readPte(i))).toBe(false);
    const raw = n.intoRaw();
    expect(lockByte(t.ctx, raw.paddr())).toBe(0);
    raw.drop();
    expect(t.violations()).toEqual([]);
  });

  test("overwrite_pte keeps nr_children by FG4.10.10's table and drops the previous child", () => {
    const t = ptKernel();
    const n = PageTableNode.alloc(t.ctx, 1);
    const a = t.frame();
    const b = t.frame();
    n.setChildFrame(7, a.clone(), RW); // None -> Some: +1
    expect(n.nrValidChildren()).toBe(1);
    expect(rc(t, a.paddr())).toBe(2);
    n.setChildFrame(7, b.clone(), RW); // Some -> Some: drop(a), count unchanged
    expect(n.nrValidChildren()).toBe(1);
    expect(rc(t, a.paddr())).toBe(1);
    expect(rc(t, b.paddr())).toBe(2);
    n.unsetChild(7, false); // Some -> None: drop(b), -1
    expect(n.nrValidChildren()).toBe(0);
    expect(rc(t, b.paddr())).toBe(1);
    n.unsetChild(8, false); // None -> None: nothing
    expect(n.nrValidChildren()).toBe(0);
    n.drop();
    a.drop();
    b.drop();
    expect(t.violations()).toEqual([]);
  });

  test('child(): page tables and tracked frames come with a reference, untracked as an address', () => {
    const t = ptKernel();
    const root = PageTableNode.alloc(t.ctx, 2);
    const leaf = PageTableNode.alloc(t.ctx, 1);
    const f = t.frame();
    leaf.setChildFrame(0, f.clone(), RW);
    leaf.setChildUntracked(1, 0x5000, RW);
    const leafPa = leaf.pa;
    root.setChildPt(3, leaf.intoRaw(), false);
    expect(rc(t, leafPa)).toBe(1);
    const c = root.child(3, true);
    expect(c.kind).toBe('PageTable');
    expect(rc(t, leafPa)).toBe(2);
    if (c.kind !== 'PageTable') throw new Error();
    const locked = c.node.lock();
    const fc = locked.child(0, true);
    expect(fc.kind).toBe('Frame');
    expect(rc(t, f.paddr())).toBe(3);
    if (fc.kind === 'Frame') fc.frame.drop();
    expect(locked.child(1, false)).toEqual({ kind: 'Untracked', paddr: 0x5000 });
    expect(locked.child(2, true).kind).toBe('None');
    locked.unsetChild(1, true);
    locked.drop();
    root.drop(); // the last reference: frees leaf, drops the frame's PTE reference
    expect(rc(t, leafPa)).toBe(0);
    expect(rc(t, f.paddr())).toBe(1);
    f.drop();
    expect(t.violations()).toEqual([]);
  });

  test('drop of the last reference frees the subtree recursively (PageTablePageMeta::on_drop)', () => {
    const t = ptKernel();
    const free0 = t.k.frameAllocator.buddy.total - t.k.frameAllocator.buddy.allocated;
    const root = PageTableNode.alloc(t.ctx, 3);
    for (let i = 0; i < 3; i++) {
      const mid = PageTableNode.alloc(t.ctx, 2);
      const leaf = PageTableNode.alloc(t.ctx, 1);
      for (let j = 0; j < 4; j++) leaf.setChildFrame(j, t.frame(), RW);
      mid.setChildPt(i, leaf.intoRaw(), false);
      root.setChildPt(i, mid.intoRaw(), false);
    }
    expect(t.ctx.stats.nodesAllocated).toBe(7);
    root.drop();
    expect(t.ctx.stats.nodesFreed).toBe(7);
    expect(t.k.frameAllocator.buddy.total - t.k.frameAllocator.buddy.allocated).toBe(free0);
    expect(t.violations()).toEqual([]);
  });

  test('on_drop refuses a node that maps untracked pages, before changing anything', () => {
    const t = ptKernel();
    const n = PageTableNode.alloc(t.ctx, 1);
    n.setChildUntracked(0, 0x9000, RW);
    const raw = n.intoRaw();
    expect(() => raw.drop()).toThrow(KernelPanic);
    expect(rc(t, raw.paddr())).toBe(1);
    expect(raw.isLive).toBe(true);
    const locked = raw.lock();
    locked.unsetChild(0, true);
    locked.drop();
    expect(t.violations()).toEqual([]);
  });

  test('make_copy: deep copies page tables and frame handles, shallow shares page tables', () => {
    const t = ptKernel();
    const root = PageTableNode.alloc(t.ctx, 4);
    const mk = (i: number): { pa: number; f: number } => {
      const l3 = PageTableNode.alloc(t.ctx, 3);
      const l2 = PageTableNode.alloc(t.ctx, 2);
      const l1 = PageTableNode.alloc(t.ctx, 1);
      const f = t.frame();
      const fpa = f.paddr();
      l1.setChildFrame(0, f, RW);
      l2.setChildPt(0, l1.intoRaw(), false);
      l3.setChildPt(0, l2.intoRaw(), false);
      const pa = l3.pa;
      root.setChildPt(i, l3.intoRaw(), false);
      return { pa, f: fpa };
    };
    const user = mk(1);
    const kern = mk(300);
    const copy = root.makeCopy([0, 256], [256, 512]);
    expect(copy.nrValidChildren()).toBe(2);
    expect(rc(t, kern.pa)).toBe(2); // shared
    expect(rc(t, user.pa)).toBe(1); // deep-copied: a new node
    expect(rc(t, user.f)).toBe(2); // the frame handle copied
    expect(rc(t, kern.f)).toBe(1);
    copy.drop();
    expect(rc(t, kern.pa)).toBe(1);
    expect(rc(t, user.f)).toBe(1);
    root.drop();
    expect(t.violations()).toEqual([]);
  });

  test('split_untracked_huge: 512 pages one level down, same range and property', () => {
    const t = ptKernel();
    const n = PageTableNode.alloc(t.ctx, 2);
    const prop = pageProperty(PageFlags.RX, 'Uncacheable', 2);
    n.setChildUntracked(5, 0x20_0000, prop);
    n.splitUntrackedHuge(5);
    expect(n.nrValidChildren()).toBe(1);
    const c = n.child(5, false);
    if (c.kind !== 'PageTable') throw new Error('not split');
    const leaf = c.node.lock();
    expect(leaf.nrValidChildren()).toBe(512);
    for (const i of [0, 1, 511]) {
      expect(leaf.child(i, false)).toEqual({ kind: 'Untracked', paddr: 0x20_0000 + i * 4096 });
      expect(leaf.readPteProp(i)).toEqual({ ...prop, flags: prop.flags });
    }
    for (let i = 0; i < 512; i++) leaf.unsetChild(i, true);
    leaf.drop();
    n.drop();
    expect(() => PageTableNode.alloc(t.ctx, 2).splitUntrackedHuge(0)).toThrow(KernelPanic);
  });

  test('lock: a held node cannot be taken by synchronous code (it would spin forever)', () => {
    const t = ptKernel();
    const raw = PageTableNode.alloc(t.ctx, 1).intoRaw();
    const a = raw.cloneShallow().lock();
    expect(() => raw.cloneShallow().lock()).toThrow(WouldBlockError);
    a.drop();
    const b = raw.lock();
    expect(t.k.pages.meta.innerU8(b.pa / PAGE_SIZE, PT_META_OFFSETS.lock)).toBe(1);
    b.drop();
    expect(t.violations().filter((v) => !v.includes('ref_count'))).toEqual([]);
  });

  test('NOE-03 audited: set_child_untracked over a tracked frame leaks its reference (Target 9 catches it)', () => {
    const audited = ptKernel({ bugs: ['NOE-03'] });
    const n = PageTableNode.alloc(audited.ctx, 1);
    const f = audited.frame();
    n.setChildFrame(0, f.clone(), RW);
    expect(() => n.setChildUntracked(0, f.paddr(), RW, false)).toThrow(InvariantViolation);
    const fixed = ptKernel();
    const m = PageTableNode.alloc(fixed.ctx, 1);
    const g = fixed.frame();
    m.setChildFrame(0, g.clone(), RW);
    m.setChildUntracked(0, g.paddr(), RW, false); // the slot is tracked: the frame is dropped
    expect(rc(fixed, g.paddr())).toBe(1);
    m.unsetChild(0, true);
    m.drop();
    g.drop();
    expect(fixed.violations()).toEqual([]);
  });
});
