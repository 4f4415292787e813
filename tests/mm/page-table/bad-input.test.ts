import { describe, expect, test } from 'vitest';
import {
  InvalidVaddrRangeError, KernelMode, NonCanonicalVaddrError, PageFlags, pageProperty, UnalignedVaddrError, UnencodablePropertyError, UserMode, DeviceMode,
} from '../../../kernel-sim/mm/page-table/index.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import { consistent, ptKernel, viewViolations, type PtKernel } from './pt-kernel.js';

const RW = pageProperty(PageFlags.RW);
const K = 0xffff_8000_0000_0000n;


describe('bad input to the page table', () => {
  test('unaligned addresses: UnalignedVaddr', () => {
    const t = ptKernel();
    const pt = t.table();
    expect(() => pt.cursorMut(0x1001n, 0x2000n)).toThrow(UnalignedVaddrError);
    expect(() => pt.cursorMut(0x1000n, 0x2001n)).toThrow(UnalignedVaddrError);
    consistent(t, pt);
  });

  test('non-canonical, outside the mode, empty: InvalidVaddrRange', () => {
    const t = ptKernel();
    const pt = t.table();
    expect(() => pt.cursorMut(0x0000_8000_0000_0000n, 0x0000_8000_0000_1000n)).toThrow(InvalidVaddrRangeError);
    expect(() => pt.cursorMut(0x7fff_ffff_f000n, 0x8000_0000_0000n)).toThrow(InvalidVaddrRangeError); // the top user page
    expect(() => pt.cursorMut(K, K + 0x1000n)).toThrow(InvalidVaddrRangeError);
    expect(() => pt.cursorMut(0x2000n, 0x2000n)).toThrow(/empty/);
    const kt = t.table(KernelMode);
    expect(() => kt.cursorMut(0x1000n, 0x2000n)).toThrow(InvalidVaddrRangeError);
    expect(() => kt.cursorMut(0xffff_ffff_ffff_0000n, 0xffff_ffff_ffff_1000n)).toThrow(InvalidVaddrRangeError);
    expect(() => t.table(DeviceMode).cursorMut(0xffff_f000n, 0x1_0000_1000n)).toThrow(InvalidVaddrRangeError);
    expect(() => pt.query(0x0000_8000_0000_0000n)).toThrow(NonCanonicalVaddrError);
    consistent(t, pt);
  });

  test('mapping a small page over a huge one panics; the frame is dropped, the table intact', () => {
    const t = ptKernel();
    const kt = t.table(KernelMode);
    const vm = 0xffff_c000_0000_0000n; // VMALLOC: tracked
    kt.map({ start: K, end: K + 0x20_0000n }, { start: 0, end: 0x20_0000 }, RW);
    const c = kt.cursorMut(vm, vm + 0x1000n);
    c.drop();
    const f = t.frame();
    const keep = f.clone();
    // A tracked page in the untracked linear range: map's debug_assert.
    const d = kt.cursorMut(K + 0x1000n, K + 0x2000n);
    expect(() => d.map(f, RW)).toThrow(KernelPanic);
    d.drop();
    expect(keep.count()).toBe(1);
    expect(kt.query(K + 0x1000n)).toMatchObject({ paddr: 0x1000, level: 2 });
    keep.drop();
    // The same in a user table: a huge page there can only come from map_pa into UserMode,
    // which CUR-06 audited allows; the fixed code refuses it up front.
    const audited = ptKernel({ bugs: ['CUR-06'] });
    const ut = audited.table(UserMode);
    const u = ut.cursorMut(0n, 0x40_0000n);
    expect(() => u.mapPa({ start: 0x20_0000, end: 0x40_0000 }, RW)).toThrow(KernelPanic);
    u.drop();
    expect(ut.treeViolations()).toEqual([]);
    expect(viewViolations(ut)).toEqual([]);
  });

  test('mapping a 4 KiB frame into a 2 MiB page of VMALLOC created by map_pa (CUR-06 audited) panics', () => {
    const t = ptKernel({ bugs: ['CUR-06'], vmallocRange: { start: 0xffff_c000_0010_0000n, end: 0xffff_e000_0000_0000n } });
    const kt = t.table(KernelMode);
    const vmBase = 0xffff_c000_0000_0000n;
    // A 2 MiB untracked page from before the misaligned VMALLOC start reaches 1 MiB into it.
    kt.map({ start: vmBase, end: vmBase + 0x20_0000n }, { start: 0x20_0000, end: 0x40_0000 }, RW);
    expect(kt.query(vmBase + 0x18_0000n)).toMatchObject({ level: 2 });
    const f = t.frame();
    const c = kt.cursorMut(vmBase + 0x18_0000n, vmBase + 0x18_1000n);
    expect(() => c.map(f, RW)).toThrow(/smaller page in an already mapped huge page/);
    c.drop();
    expect(t.violations()).toEqual([]);
    const fixed = ptKernel({ vmallocRange: { start: 0xffff_c000_0010_0000n, end: 0xffff_e000_0000_0000n } });
    const fk = fixed.table(KernelMode);
    expect(() => fk.map({ start: vmBase, end: vmBase + 0x20_0000n }, { start: 0x20_0000, end: 0x40_0000 }, RW)).toThrow(/CUR-06 fixed/);
    expect(fk.query(vmBase)).toBeNull();
    expect(fk.treeViolations()).toEqual([]);
    expect(viewViolations(fk)).toEqual([]);
  });

  test('unmapping part of a page panics before any change', () => {
    const t = ptKernel();
    const pt = t.table();
    const c = pt.cursorMut(0x1000n, 0x3000n);
    c.map(t.frame(), RW);
    c.jump(0x1000n);
    expect(() => c.unmap(0x800)).toThrow(KernelPanic);
    expect(() => c.unmap(0x3000)).toThrow(KernelPanic); // past the barrier
    expect(() => c.jump(0x3000n)).toThrow(KernelPanic);
    expect(() => c.jump(0x1800n)).toThrow(KernelPanic);
    c.drop();
    expect(pt.query(0x1000n)).not.toBeNull();
    consistent(t, pt);
  });

  test('map past the barrier and map_pa of an unaligned physical range panic', () => {
    const t = ptKernel();
    const pt = t.table();
    const c = pt.cursorMut(0x1000n, 0x2000n);
    c.map(t.frame(), RW);
    const f = t.frame();
    const keep = f.clone();
    expect(() => c.map(f, RW)).toThrow(KernelPanic);
    c.drop();
    expect(keep.count()).toBe(1);
    keep.drop();
    const dev = t.table(DeviceMode);
    expect(() => dev.map({ start: 0n, end: 0x1000n }, { start: 0x800, end: 0x1800 }, RW)).toThrow(KernelPanic);
    consistent(t, pt);
  });

  test('MOM-04 fixed: a write-only property is mapped and reads back write-only; audited: stored readable', () => {
    const t = ptKernel();
    const pt = t.table();
    const c = pt.cursorMut(0x1000n, 0x2000n);
    c.map(t.frame(), pageProperty(PageFlags.W));
    c.drop();
    expect(pt.query(0x1000n)?.prop.flags).toBe(PageFlags.W);
    consistent(t, pt);
    const a = ptKernel({ bugs: ['MOM-04'] });
    const apt = a.table();
    const d = apt.cursorMut(0x1000n, 0x2000n);
    d.map(a.frame(), pageProperty(PageFlags.W));
    d.drop();
    expect(apt.query(0x1000n)?.prop.flags).toBe(PageFlags.RW);
  });

  test('WriteCombining panics in set_prop with the 232e62b PAT; nothing is mapped', () => {
    const t = ptKernel();
    const dev = t.table(DeviceMode);
    expect(() => dev.map({ start: 0n, end: 0x1000n }, { start: 0, end: 0x1000 }, pageProperty(PageFlags.RW, 'WriteCombining'))).toThrow(KernelPanic);
    expect(dev.query(0n)).toBeNull();
    expect(dev.treeViolations()).toEqual([]);
    expect(viewViolations(dev)).toEqual([]);
  });
});
