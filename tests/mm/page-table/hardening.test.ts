import { describe, expect, test } from 'vitest';
import { BadAddressError } from '../../../kernel-sim/machine/index.js';
import { bootKernel } from '../../../kernel-sim/kernel/index.js';
import { buildKernelAddressSpace } from '../../../kernel-sim/mm/kspace/index.js';
import { CursorLengthError, KernelMode, PageFlags, pageProperty, UserMode } from '../../../kernel-sim/mm/page-table/index.js';
import { UseAfterDropError } from '../../../kernel-sim/mm/page/index.js';
import { KernelSimError } from '../../../kernel-sim/util/errors.js';
import { consistent, ptKernel } from './pt-kernel.js';

const RW = pageProperty(PageFlags.RW);
const K = 0xffff_8000_0000_0000n;


describe('page-table hardening (issue 12)', () => {
  test('bug 3: map_pa of a physical address at or above 2^52 is refused before any change', () => {
    const t = ptKernel();
    const kt = t.table(KernelMode);
    const before = t.k.stats().freeFrames;
    for (const pa of [{ start: 2 ** 52, end: 2 ** 52 + 0x1000 }, { start: 2 ** 52 - 0x1000, end: 2 ** 52 + 0x1000 }, { start: 0.5, end: 0x1000 }]) {
      const c = kt.cursorMut(K, K + 0x2000n);
      expect(() => c.mapPa(pa, RW)).toThrow(BadAddressError);
      c.drop();
    }
    expect(kt.query(K)).toBeNull();
    expect(t.k.stats().freeFrames).toBe(before); // no node was created
    consistent(t, kt);
    // The top frame below the limit is still accepted.
    const c = kt.cursorMut(K, K + 0x1000n);
    c.mapPa({ start: 2 ** 52 - 0x1000, end: 2 ** 52 }, RW);
    c.drop();
    expect(kt.query(K)).toMatchObject({ paddr: 2 ** 52 - 0x1000 });
  });

  test('bug 4: checking mode observes protect\'s op; a stateful op runs once per page', () => {
    for (const check of [false, true]) {
      const t = ptKernel({ check });
      const pt = t.table(UserMode);
      const c = pt.cursorMut(0x1000n, 0x4000n);
      for (let i = 0; i < 3; i++) c.map(t.frame(), RW);
      c.drop();
      let calls = 0;
      pt.protect({ start: 0x1000n, end: 0x4000n }, (p) => {
        calls++;
        // Stateful: each call removes one more right, so a second call per page would differ.
        p.flags = calls % 2 === 1 ? PageFlags.R : PageFlags.RW;
      });
      expect(calls).toBe(3);
      expect(pt.query(0x1000n)!.prop.flags & PageFlags.W).toBe(0);
      expect(pt.query(0x2000n)!.prop.flags & PageFlags.W).toBe(PageFlags.W);
      consistent(t, pt);
    }
  });

  test('bug 5: CursorMut.map on a dropped cursor releases the frame moved in (the ledger proves it)', () => {
    const t = ptKernel();
    const pt = t.table(UserMode);
    const c = pt.cursorMut(0x1000n, 0x2000n);
    c.drop();
    const live = t.k.pages.ledger.liveHandles;
    const free = t.k.stats().freeFrames;
    const f = t.frame();
    expect(() => c.map(f, RW)).toThrow(KernelSimError);
    expect(f.isLive).toBe(false);
    expect(t.k.pages.ledger.liveHandles).toBe(live);
    expect(t.k.stats().freeFrames).toBe(free);
    consistent(t, pt);
  });

  test('bug 8: unmap of a negative or fractional length and protect of a fractional length are typed errors, state unchanged', () => {
    const t = ptKernel();
    const pt = t.table(UserMode);
    const c = pt.cursorMut(0x1000n, 0x3000n);
    c.map(t.frame(), RW);
    c.map(t.frame(), RW);
    c.jump(0x1000n);
    for (const len of [-4096, -4096n, 4096.5, Number.NaN, 2 ** 60]) {
      expect(() => c.unmap(len as number)).toThrow(CursorLengthError);
    }
    expect(() => c.protect(4096.5, (p) => { p.flags = PageFlags.R; }, true)).toThrow(CursorLengthError);
    expect(() => c.protect(-4096, (p) => { p.flags = PageFlags.R; }, true)).toThrow(CursorLengthError);
    c.drop();
    expect(pt.query(0x1000n)!.prop.flags & PageFlags.W).toBe(PageFlags.W);
    expect(pt.query(0x2000n)).not.toBeNull();
    consistent(t, pt);
  });

  test('bug 7: treeViolations is silent on a fresh user table sharing the kernel half, and on the kernel table', () => {
    const kernel = bootKernel('datasets/mbi/q35-1G.mbi', { check: true });
    const ks = buildKernelAddressSpace(kernel);
    expect(ks.pageTable.treeViolations()).toEqual([]);
    const user = ks.pageTable.createUserPageTable();
    expect(user.treeViolations()).toEqual([]);
    // A tracked user mapping in it is still checked: a frame mapped without its handle is seen.
    const f = kernel.pageAllocator.allocSingle()!;
    const c = user.cursorMut(0x1000n, 0x2000n);
    c.map(f, RW);
    c.drop();
    expect(user.treeViolations()).toEqual([]);
    void UseAfterDropError;
  });
});
