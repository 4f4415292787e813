import { describe, it, expect } from 'vitest';
import { FrameAllocatorError } from '../../kernel-sim/mm/frame/index.js';
import {
  DoubleDropError, FrameMeta, FromRawError, FromUnusedFreeFrameError, FromUnusedSpinError, incRefCount, InvariantViolation, KernelMeta,
  MetaPageMeta, Page, PageHandlePanic, PageTablePageMeta, PAGE_USAGE, UseAfterDropError,
} from '../../kernel-sim/mm/page/index.js';
import { KernelPanic } from '../../kernel-sim/util/errors.js';
import { allViolations, smallKernel } from './page-test-kernel.js';

describe('Page handles (FG4.4)', () => {
  it('from_unused types a page: usage, ref_count 1; drop of the last handle frees the frame', () => {
    const k = smallKernel();
    const free0 = k.frameAllocator.buddy.free;
    const p = k.pageAllocator.allocSingle()!;
    const f = p.paddr() / 4096;
    expect(k.meta.usage(f)).toBe(PAGE_USAGE.Frame);
    expect(p.count()).toBe(1);
    expect(p.meta()).toEqual({ kind: 'FrameMeta' });
    const q = p.clone();
    expect(p.count()).toBe(2);
    p.drop();
    expect(q.count()).toBe(1);
    expect(k.frameAllocator.buddy.isAllocated(f)).toBe(true);
    q.drop();
    expect(k.meta.usage(f)).toBe(PAGE_USAGE.Unused);
    expect(k.meta.refCount(f)).toBe(0);
    expect(k.frameAllocator.buddy.free).toBe(free0);
    expect(allViolations(k)).toEqual([]);
  });

  it('a dropped or forgotten handle refuses every use, naming paddr and method', () => {
    const k = smallKernel();
    const p = k.pageAllocator.allocSingle()!;
    const pa = p.paddr();
    const q = p.clone();
    p.drop();
    for (const use of [() => p.clone(), () => p.meta(), () => p.paddr(), () => p.count(), () => p.intoRaw()]) {
      expect(use).toThrow(UseAfterDropError);
    }
    expect(() => p.clone()).toThrow(/Page::clone.*0x/);
    const err = (() => { try { p.meta(); } catch (e) { return e as UseAfterDropError; } })()!;
    expect(err.paddr).toBe(pa);
    expect(err.method).toBe('Page::meta');
    expect(() => p.drop()).toThrow(DoubleDropError);
    const raw = q.intoRaw();
    expect(() => q.drop()).toThrow(DoubleDropError);
    expect(() => q.meta()).toThrow(/forgotten/);
    Page.fromRaw(k.pages, raw, FrameMeta).drop();
    expect(allViolations(k)).toEqual([]);
  });

  it('Symbol.dispose drops a live handle once and ignores dropped or forgotten ones', () => {
    const k = smallKernel();
    const p = k.pageAllocator.allocSingle()!;
    const q = p.clone();
    p[Symbol.dispose]();
    p[Symbol.dispose]();
    expect(q.count()).toBe(1);
    const raw = q.intoRaw();
    q[Symbol.dispose]();
    expect(k.meta.refCount(raw / 4096)).toBe(1);
    const r = Page.fromRaw(k.pages, raw, FrameMeta);
    r[Symbol.dispose]();
    expect(k.meta.usage(raw / 4096)).toBe(0);
    expect(allViolations(k)).toEqual([]);
  });

  it('into_raw keeps the count; from_raw restores exactly the forgotten handles', () => {
    const k = smallKernel();
    const p = k.pageAllocator.allocSingle()!;
    const pa = p.intoRaw();
    expect(k.meta.refCount(pa / 4096)).toBe(1);
    expect(k.pages.ledger.raw(pa / 4096)).toBe(1);
    const back = Page.fromRaw(k.pages, pa, FrameMeta);
    expect(() => Page.fromRaw(k.pages, pa, FrameMeta)).toThrow(FromRawError); // restored twice
    const back2 = back.clone();
    back.intoRaw();
    expect(() => Page.fromRaw(k.pages, pa, PageTablePageMeta)).toThrow(/usage is Frame/);
    back2.drop();
    Page.fromRaw(k.pages, pa, FrameMeta).drop();
    expect(allViolations(k)).toEqual([]);
  });

  it('from_unused on a page in use reports the endless spin instead of hanging', () => {
    const k = smallKernel();
    const p = k.pageAllocator.allocSingle()!;
    const e = (() => { try { Page.fromUnused(k.pages, p.paddr(), FrameMeta); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(FromUnusedSpinError);
    expect(e).toBeInstanceOf(KernelPanic);
    expect((e as FromUnusedSpinError).usage).toBe('Frame');
    expect(String((e as Error).message)).toMatch(/0x[0-9a-f]+.*spin/);
    expect(p.count()).toBe(1);
    p.drop();
    expect(allViolations(k)).toEqual([]);
  });

  it('refuses bad addresses with panics naming the function and value, changing nothing', () => {
    const k = smallKernel();
    const bad: [number, string][] = [[0x1001, 'NotAligned'], [-4096, 'OutOfRange'], [0x4000000, 'OutOfRange'], [2 ** 52, 'OutOfRange'], [1.5, 'OutOfRange']];
    for (const [pa, kind] of bad) {
      for (const f of [() => Page.fromUnused(k.pages, pa, FrameMeta), () => Page.fromRaw(k.pages, pa, FrameMeta)]) {
        try { f(); expect.unreachable(); } catch (e) {
          expect(e).toBeInstanceOf(PageHandlePanic);
          expect((e as PageHandlePanic).kind).toBe(kind);
          expect((e as PageHandlePanic).fn).toMatch(/^Page::from_(unused|raw)$/);
        }
      }
    }
    // from_raw of a page that was never forgotten (allocated, live, or free)
    const p = k.pageAllocator.allocSingle()!;
    expect(() => Page.fromRaw(k.pages, p.paddr(), FrameMeta)).toThrow(/never passed to into_raw/);
    expect(() => Page.fromRaw(k.pages, 0x3000000, FrameMeta)).toThrow(FromRawError);
    p.drop();
    expect(allViolations(k)).toEqual([]);
  });

  it('checking mode refuses from_unused of a frame the allocator did not hand out', () => {
    const k = smallKernel();
    expect(() => Page.fromUnused(k.pages, 0x3000000, FrameMeta)).toThrow(InvariantViolation);
    expect(allViolations(k)).toEqual([]);
    // Kernel pages are not allocator frames: allowed.
    const kp = Page.fromUnused(k.pages, 0x100000, KernelMeta);
    expect(() => kp.drop()).toThrow(KernelPanic);
    expect(kp.count()).toBe(1); // the panic changed nothing
    kp.intoRaw();
    expect(allViolations(k)).toEqual([]);
  });

  it('Meta and Kernel pages panic when their last handle drops (FG4.4.7.3/4), leaving state as it was', () => {
    const k = smallKernel();
    const metaPa = k.metaInit.metaStartFrame * 4096;
    const m = Page.fromRaw(k.pages, metaPa, MetaPageMeta);
    try { m.drop(); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(KernelPanic);
      expect((e as KernelPanic).fn).toBe('MetaPageMeta::on_drop');
    }
    expect(m.isLive).toBe(true);
    const m2 = m.clone();
    m.drop(); // not the last handle: fine
    m2.intoRaw();
    expect(allViolations(k)).toEqual([]);
  });

  it('PageTable pages keep lock, level and nr_children in the slot and return the frame on drop', () => {
    const k = smallKernel();
    const pt = k.pageAllocator.allocSingle<import('../../kernel-sim/mm/page/index.js').PageTablePageMetaFields>({ usage: 'PageTable' })!;
    expect(k.meta.usage(pt.paddr() / 4096)).toBe(PAGE_USAGE.PageTable);
    const meta = pt.meta();
    meta.level = 4;
    meta.nrChildren = 511;
    expect(pt.meta().level).toBe(4);
    expect(pt.meta().nrChildren).toBe(511);
    const f = pt.paddr() / 4096;
    pt.drop();
    expect(k.meta.innerU16(f, 2)).toBe(0);
    expect(k.frameAllocator.buddy.isAllocated(f)).toBe(false);
    expect(allViolations(k)).toEqual([]);
  });

  it('from_unused of a frame the allocator did not hand out is refused also with checking mode off (issue 12 bug 8)', () => {
    const k = smallKernel({ check: false });
    const f = 0x3000000 / 4096;
    expect(() => Page.fromUnused(k.pages, 0x3000000, FrameMeta)).toThrow(FromUnusedFreeFrameError);
    expect(k.meta.usage(f)).toBe(0);
    expect(k.meta.refCount(f)).toBe(0);
    expect(k.pages.ledger.live(f)).toBe(0);
    expect(allViolations(k)).toEqual([]);
  });
});

describe('MOP-02: inc_ref_count', () => {
  it('audited: checking mode catches ref_count < owners after from_raw, before clone, and rolls back', () => {
    const k = smallKernel({ bugs: ['MOP-02'] });
    const pa = k.pageAllocator.allocSingle()!.intoRaw();
    try { incRefCount(k.pages, pa, FrameMeta); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(InvariantViolation);
      expect((e as InvariantViolation).target).toBe(5);
      expect((e as InvariantViolation).point).toMatch(/MOP-02/);
      expect((e as InvariantViolation).violations[0]).toMatch(/ref_count 1 < owners 2/);
    }
    expect(k.meta.refCount(pa / 4096)).toBe(1);
    expect(allViolations(k)).toEqual([]);
  });

  it('audited without checking mode: completes with the right final count', () => {
    const k = smallKernel({ bugs: ['MOP-02'], check: false });
    const pa = k.pageAllocator.allocSingle()!.intoRaw();
    incRefCount(k.pages, pa, FrameMeta);
    expect(k.meta.refCount(pa / 4096)).toBe(2);
    expect(k.pages.ledger.raw(pa / 4096)).toBe(2);
    expect(allViolations(k)).toEqual([]);
  });

  it('fixed: one fetch_add, clean in checking mode', () => {
    const k = smallKernel();
    const pa = k.pageAllocator.allocSingle()!.intoRaw();
    incRefCount(k.pages, pa, FrameMeta);
    expect(k.meta.refCount(pa / 4096)).toBe(2);
    Page.fromRaw(k.pages, pa, FrameMeta).drop();
    Page.fromRaw(k.pages, pa, FrameMeta).drop();
    expect(k.meta.usage(pa / 4096)).toBe(0);
    expect(() => incRefCount(k.pages, pa, FrameMeta)).toThrow(/must hold a forgotten handle/);
    expect(allViolations(k)).toEqual([]);
  });
});
