import { describe, expect, test } from 'vitest';
import { PAGE_SIZE } from '../../../kernel-sim/machine/index.js';
import {
  cursorViolations, DeviceMode, KernelMode, lockByte, PageFlags, pageProperty, PageTable, PageTableContext, ProtectingAbsentError, ProtectingPartialError, UserMode,
  X86_64_PAGING_1G, X86_64_PAGING_5,
} from '../../../kernel-sim/mm/page-table/index.js';
import { checkCursorGuards } from '../../../kernel-sim/audit/targets/target-11-cursor-guards.js';
import { checkCursorNavigation } from '../../../kernel-sim/audit/targets/target-10-cursor-navigation.js';
import { checkMap } from '../../../kernel-sim/audit/targets/target-12-map.js';
import { checkOverwritePte } from '../../../kernel-sim/audit/targets/target-09-overwrite-pte.js';
import { ptKernel } from './pt-kernel.js';

const RW = pageProperty(PageFlags.RW);
const K = 0xffff_8000_0000_0000n;
const GiB = 1n << 30n;
const MiB2 = 1n << 21n;

describe('Cursor and CursorMut (FG4.11)', () => {
  test('new locks down to the lowest present node covering the range, then hand over hand', () => {
    const t = ptKernel();
    const pt = t.table();
    const c0 = pt.cursorMut(0x4000_0000n, 0x4000_2000n);
    expect(c0.guardLevel).toBe(4); // nothing below the root yet
    c0.map(t.frame(), RW);
    c0.drop();
    const c1 = pt.cursor(0x4000_0000n, 0x4000_2000n);
    expect(c1.guardLevel).toBe(1);
    expect(c1.level).toBe(1);
    expect(checkCursorGuards(c1).ok).toBe(true);
    expect(lockByte(t.ctx, pt.rootPaddr())).toBe(0); // the root was released on the way down
    c1.drop();
    expect(t.violations()).toEqual([]);
  });

  test('query / next report NotMapped, Mapped and MappedUntracked with their sizes', () => {
    const t = ptKernel();
    const pt = t.table();
    const f = t.frame();
    const pa = f.paddr();
    const c = pt.cursorMut(0x1000n, 0x4000n);
    c.jump(0x2000n);
    c.map(f, RW);
    c.drop();
    const r = pt.cursor(0x1000n, 0x4000n);
    const seen = [];
    for (let q = r.next(); q !== null; q = r.next()) seen.push(q);
    r.drop();
    expect(seen.map((q) => q.kind)).toEqual(['NotMapped', 'Mapped', 'NotMapped']);
    const m = seen[1]!;
    if (m.kind !== 'Mapped') throw new Error();
    expect(m.va).toBe(0x2000n);
    expect(m.frame.startPaddr()).toBe(pa);
    expect(m.prop).toEqual(RW);
    m.frame.drop();
    const kt = t.table(KernelMode);
    kt.map({ start: K, end: K + 2n * MiB2 }, { start: 0, end: 0x40_0000 }, pageProperty(PageFlags.RW, 'Writeback', 2));
    const kc = kt.cursor(K, K + 2n * MiB2);
    expect(kc.next()).toMatchObject({ kind: 'MappedUntracked', va: K, pa: 0, len: 0x20_0000 });
    expect(kc.next()).toMatchObject({ kind: 'MappedUntracked', va: K + MiB2, pa: 0x20_0000, len: 0x20_0000 });
    expect(kc.next()).toBeNull();
    kc.drop();
    expect(t.violations()).toEqual([]);
  });

  test('map over an existing 4 KiB mapping replaces it; the old frame is dropped', () => {
    const t = ptKernel();
    const pt = t.table();
    const a = t.frame();
    const b = t.frame();
    const c = pt.cursorMut(0x1000n, 0x2000n);
    c.map(a.clone(), RW);
    c.jump(0x1000n);
    c.map(b.clone(), pageProperty(PageFlags.R));
    c.drop();
    expect(a.count()).toBe(1);
    expect(pt.query(0x1000n)).toMatchObject({ paddr: b.paddr(), level: 1 });
    expect(pt.treeViolations()).toEqual([]);
  });

  test('map_pa uses the largest pages alignment allows; 1 GiB with HIGHEST_TRANSLATION_LEVEL 3', () => {
    const t = ptKernel({ consts: X86_64_PAGING_1G });
    const dev = t.table(DeviceMode);
    dev.map({ start: 0n, end: 2n * GiB }, { start: 0, end: 2 * 2 ** 30 }, RW);
    expect(dev.query(GiB + 0x1234n)).toMatchObject({ paddr: 2 ** 30 + 0x1234, level: 3 });
    const kt = t.table(KernelMode);
    kt.map({ start: K, end: K + 2n * GiB }, { start: 0, end: 2 * 2 ** 30 }, RW);
    // KernelMode never maps at levels >= NR_LEVELS - 1 (the shared kernel nodes): 2 MiB pages.
    expect(kt.query(K + GiB)).toMatchObject({ paddr: 2 ** 30, level: 2 });
    const u = ptKernel().table(DeviceMode);
    u.map({ start: 0x1000n, end: 0x40_3000n }, { start: 0x1000, end: 0x40_3000 }, RW);
    expect(u.query(0x1000n)?.level).toBe(1);
    expect(u.query(0x20_0000n)?.level).toBe(2);
    expect(u.query(0x40_2000n)?.level).toBe(1);
    expect(u.treeViolations()).toEqual([]);
  });

  test('unmap splits an untracked huge page that is only partly in the range', () => {
    const t = ptKernel();
    const kt = t.table(KernelMode);
    kt.map({ start: K, end: K + MiB2 }, { start: 0x20_0000, end: 0x40_0000 }, RW);
    kt.unmap({ start: K + 0x1000n, end: K + 0x3000n });
    expect(kt.query(K)).toMatchObject({ paddr: 0x20_0000, level: 1 });
    expect(kt.query(K + 0x1000n)).toBeNull();
    expect(kt.query(K + 0x2000n)).toBeNull();
    expect(kt.query(K + 0x3000n)).toMatchObject({ paddr: 0x20_3000, level: 1 });
    expect(kt.treeViolations()).toEqual([]);
  });

  test('protect: ops on every page; absent and partial pages as PageTableError', () => {
    const t = ptKernel();
    const pt = t.table();
    const c = pt.cursorMut(0x10_0000n, 0x10_4000n);
    c.map(t.frame(), RW);
    c.map(t.frame(), RW);
    c.jump(0x10_0000n);
    c.protect(0x2000, (p) => { p.flags &= ~PageFlags.W; }, false);
    c.jump(0x10_0000n);
    expect(() => c.protect(0x3000, () => undefined, false)).toThrow(ProtectingAbsentError);
    c.jump(0x10_0000n);
    expect(() => c.protect(0x1800, () => undefined, false)).toThrow(ProtectingPartialError);
    c.drop();
    expect(pt.query(0x10_1000n)?.prop.flags).toBe(PageFlags.R);
    const kt = t.table(KernelMode);
    kt.map({ start: K, end: K + MiB2 }, { start: 0, end: 0x20_0000 }, RW);
    kt.protect({ start: K + 0x1000n, end: K + 0x2000n }, (p) => { p.flags = PageFlags.R; });
    expect(kt.query(K + 0x1000n)).toMatchObject({ level: 1, prop: { flags: PageFlags.R } });
    expect(kt.query(K)).toMatchObject({ level: 1, prop: { flags: PageFlags.RW } });
  });

  test('fork_copy_on_write removes W and shares the frames; create_user_page_table shares the kernel half', () => {
    const t = ptKernel();
    const kt = t.table(KernelMode);
    kt.makeSharedTables(256, 512);
    const user = kt.createUserPageTable();
    const f = t.frame();
    const c = user.cursorMut(0x40_0000n, 0x40_1000n);
    c.map(f.clone(), RW);
    c.drop();
    const child = user.forkCopyOnWrite();
    expect(user.query(0x40_0000n)?.prop.flags).toBe(PageFlags.R);
    expect(child.query(0x40_0000n)).toMatchObject({ paddr: f.paddr(), prop: { flags: PageFlags.R } });
    expect(f.count()).toBe(3);
    expect(t.ctx.readLo(child.rootPaddr(), 300)).toBe(t.ctx.readLo(kt.rootPaddr(), 300));
    child.drop();
    user.drop();
    expect(f.count()).toBe(1);
    expect(t.violations()).toEqual([]);
  });

  test('leak_root_guard returns the locked root when the cursor holds it', () => {
    const t = ptKernel();
    const pt = t.table();
    const c = pt.cursorMut(0n, 0x8000_0000n);
    c.map(t.frame(), RW);
    const root = c.leakRootGuard();
    expect(root?.pa).toBe(pt.rootPaddr());
    expect(lockByte(t.ctx, pt.rootPaddr())).toBe(1);
    root!.drop();
    const d = pt.cursorMut(0x1000n, 0x2000n);
    expect(d.guardLevel).toBe(1);
    expect(d.leakRootGuard()).toBeNull();
    expect(lockByte(t.ctx, pt.rootPaddr())).toBe(0);
  });

  test("unmap from an unaligned va past an absent entry: 232e62b skips the rest (UNM-01), fixed does not", () => {
    // The audited code is selected by its finding ID, UNM-01 (kernel-sim's own).
    for (const skip of [true, false]) {
      const t = ptKernel({ bugs: skip ? ['UNM-01'] : [] });
      expect(t.ctx.unmapSkipsRest).toBe(skip);
      const pt = t.table();
      const base = GiB - MiB2; // nothing mapped below 1 GiB: the level-3 entry there is absent
      const c = pt.cursorMut(GiB, GiB + 0x1000n);
      c.map(t.frame(), RW);
      c.drop();
      const u = pt.cursorMut(base, GiB + MiB2);
      expect(u.guardLevel).toBe(3);
      u.unmap(2n * MiB2);
      // Checking mode's three-view refinement catches the skipped part when the cursor drops.
      if (skip) expect(() => u.drop()).toThrow(/Target 12[\s\S]*tree_to_flat: 0x40000000\.\.0x40001000: mapped/);
      else u.drop();
      expect(u.isLive).toBe(false);
      expect(lockByte(t.ctx, pt.rootPaddr())).toBe(0); // the locks were released before the check
      expect(pt.query(GiB) === null).toBe(!skip);
      expect(pt.treeViolations()).toEqual([]);
    }
  });

  test('5-level paging (57-bit) maps and walks', () => {
    const t = ptKernel({ consts: X86_64_PAGING_5 });
    const pt = t.table();
    const f = t.frame();
    const c = pt.cursorMut(0x7000_0000_0000n, 0x7000_0000_1000n);
    expect(c.guardLevel).toBe(5);
    c.map(f.clone(), RW);
    c.drop();
    expect(pt.query(0x7000_0000_0042n)).toMatchObject({ paddr: f.paddr() + 0x42, level: 1 });
    expect(t.ctx.stats.nodesAllocated).toBe(5);
  });

  test('Targets 9-12 wrappers report clean on the fixed code', () => {
    const t = ptKernel({ check: false });
    const pt = t.table();
    expect(checkMap(pt, 0x5000n, t.frame(), RW).ok).toBe(true);
    expect(checkCursorNavigation(pt, 0n, 0x40_0000n).ok).toBe(true);
    expect(checkOverwritePte(pt).ok).toBe(true);
    const audited = ptKernel({ check: false, bugs: ['NOE-03'] });
    expect(checkOverwritePte(audited.table()).ok).toBe(false);
  });

  test('the Target 10/11 checks detect a guard below the level, level > guard_level, a missing guard', () => {
    const t = ptKernel();
    const pt = t.table();
    const c = pt.cursorMut(0x1000n, 0x2000n);
    c.map(t.frame(), RW); // level_down_create to level 1: guards at 4..1
    c.jump(0x1000n);
    const view = { ctx: t.ctx, level: 2, guardLevel: 1, vpn: 0, barrierStartVpn: 1, barrierEndVpn: 2, guardAt: (l: number) => c.guardAt(l) };
    const v = cursorViolations(view);
    expect(v.t11.join('\n')).toMatch(/level 2 > guard_level 1/);
    expect(v.t11.join('\n')).toMatch(/below the cursor's level 2/);
    expect(v.t10.join('\n')).toMatch(/below barrier_va.start/);
    expect(cursorViolations({ ...view, level: 1, guardLevel: 4, vpn: 1, guardAt: (l: number) => (l === 3 ? null : c.guardAt(l)) }).t11).toEqual(['no guard at level 3 (level 1..guard_level 4 must be locked)']);
    expect(cursorViolations(c)).toEqual({ t10: [], t11: [] });
    c.drop();
  });

  test('a context with checking on by default mirrors the page system', () => {
    const t = ptKernel();
    expect(new PageTableContext(t.k.machine.memory, t.k.pages).check).toBe(true);
    expect(PageTable.empty(t.ctx, UserMode).mode).toBe(UserMode);
    expect(PAGE_SIZE).toBe(4096);
  });
});
