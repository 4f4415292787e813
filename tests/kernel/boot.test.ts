import { describe, it, expect } from 'vitest';
import { initMemoryRegions, loadLayout, readMbiFile } from '../../kernel-sim/boot/index.js';
import { bootKernel, isPhysicalRegionType, ramRangesOf } from '../../kernel-sim/kernel/index.js';
import { FrameAllocator } from '../../kernel-sim/mm/frame/index.js';
import { MetaNotReadyError, PageAllocator } from '../../kernel-sim/mm/page/index.js';
import { bugSet } from '../../kernel-sim/bugs/index.js';
import { PhysicalMemoryFault } from '../../kernel-sim/machine/index.js';
import { KernelPanic } from '../../kernel-sim/util/errors.js';
import { runChurn } from '../../kernel-sim/workloads/index.js';
import { SMALL_REGIONS } from '../mm/page-test-kernel.js';

describe('bootKernel', () => {
  it('boots q35-4G through page::allocator::init and meta::init, logging each step', () => {
    const k = bootKernel('datasets/mbi/q35-4G.mbi', { check: true });
    const s = k.stats();
    expect(s.maxPaddr).toBe(0x180000000);
    expect(s.metaSlotSize).toBe(16);
    expect(s.metaPages).toBe(6144);
    expect(s.buddyinfo).toHaveLength(32);
    expect(s.buddyinfo.reduce((a, c, i) => a + c * 2 ** i, 0)).toBe(s.freeFrames);
    expect(s.totalFrames - s.freeFrames).toBe(6144); // the 2^13 block's tail went back (RTL-01 fixed)
    expect(s.usableBytes).toBe(s.totalFrames * 4096);
    expect(s.forgottenHandles).toBe(6144);
    expect(k.bootLog.map((e) => e.fn)).toEqual([
      'boot.S / arch::before_all_init()', 'mm::heap_allocator::init()', 'boot::init()', 'mm::page::allocator::init()', 'mm::init_page_meta() (meta::init)',
    ]);
    expect(k.bootLog[4]!.did).toMatch(/6144 metadata pages/);
    for (let f = k.metaInit.metaStartFrame; f < k.metaInit.metaStartFrame + 6144; f += 1000) {
      expect(k.meta.usage(f)).toBe(65);
      expect(k.meta.refCount(f)).toBe(1);
    }
    expect(k.checkAll().every((t) => t.violations.length === 0)).toBe(true);
  });

  it('accepts a parsed MBI and a region list as well as a path', () => {
    const info = readMbiFile('datasets/mbi/q35-1G.mbi').info;
    const a = bootKernel(info).stats();
    const b = bootKernel('datasets/mbi/q35-1G.mbi').stats();
    const c = bootKernel(initMemoryRegions(info).regions).stats();
    expect(a).toEqual(b);
    expect(c).toEqual(b);
  });

  it('builds machine RAM from the physical regions only (is_physical)', () => {
    expect(['Usable', 'Reclaimable', 'Kernel', 'Module', 'NonVolatileSleep'].every((t) => isPhysicalRegionType(t as never))).toBe(true);
    expect(['BadMemory', 'Reserved', 'Framebuffer'].some((t) => isPhysicalRegionType(t as never))).toBe(false);
    expect(ramRangesOf(SMALL_REGIONS)).toEqual([{ start: 0, end: 0x9f000 }, { start: 0x100000, end: 0x200000 }, { start: 0x200000, end: 0x4000000 }]);
    const k = bootKernel(SMALL_REGIONS);
    expect(() => k.machine.memory.readU8(0xa0000)).toThrow(PhysicalMemoryFault);
    expect(k.machine.memory.readU8(0x100000)).toBe(0);
  });

  it('MPA-01: the audited MAX_PADDR sizes metadata for 1 TiB and a 4 GiB guest cannot boot', () => {
    try { bootKernel('datasets/mbi/q35-4G.mbi', { bugs: ['MPA-01'] }); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(KernelPanic);
      expect((e as KernelPanic).fn).toBe('meta::init');
      expect((e as KernelPanic).reason).toMatch(/alloc\(1048576\) returned None.*0x10000000000/);
    }
    const fixed = bootKernel('datasets/mbi/q35-8G.mbi').stats();
    const audited = bootKernel('datasets/mbi/q35-8G.mbi', { bugs: ['MPA-01'] }).stats();
    expect(audited.maxPaddr).toBe(2 ** 40);
    expect(audited.metaPages).toBe(2 ** 20); // 4 GiB of metadata
    expect(fixed.metaPages).toBe(10240); // for 0x280000000
    expect(audited.freeFrames).toBeLessThan(fixed.freeFrames / 1.8);
  });

  it('MEA-01: audited returns one range per metadata page; fixed one range', () => {
    const a = bootKernel('datasets/mbi/q35-1G.mbi', { bugs: ['MEA-01'] }).metaInit;
    const f = bootKernel('datasets/mbi/q35-1G.mbi').metaInit;
    expect(f.ranges).toEqual([{ start: f.metaStartFrame * 4096, end: (f.metaStartFrame + f.metaPages) * 4096 }]);
    expect(a.ranges).toHaveLength(a.metaPages);
    expect(a.ranges[1]).toEqual({ start: (a.metaStartFrame + 1) * 4096, end: (a.metaStartFrame + 2) * 4096 });
    expect(a.resultHeapBytes).toBe(a.metaPages * 24);
    expect(f.resultHeapBytes).toBe(16);
  });

  it('refuses page allocation before meta::init: an error (fixed) or the audited page fault (ALO-04)', () => {
    const regions = loadLayout('datasets/mbi/q35-1G.mbi').regions;
    const fa = FrameAllocator.init(regions);
    const before = fa.buddy.freeBlockCounts().join();
    expect(() => new PageAllocator(fa).allocSingle()).toThrow(MetaNotReadyError);
    const audited = FrameAllocator.init(regions, { bugs: bugSet('ALO-04') });
    expect(() => new PageAllocator(audited).alloc(3)).toThrow(/page fault.*ALO-04/);
    expect(fa.buddy.freeBlockCounts().join()).toBe(before);
    expect(audited.buddy.freeBlockCounts().join()).toBe(before);
  });

  it('runs churn through page metadata with checks on and stays consistent', () => {
    const k = bootKernel(SMALL_REGIONS, { check: true });
    const r = runChurn({ seed: 3, steps: 1500, orders: { '0': 8, '2': 2, '4': 1 }, lifetime: { min: 5, max: 300 }, longLivedFraction: 0.05 }, k.pageAllocator.churnTarget());
    expect(r.totals.allocs).toBeGreaterThan(1000);
    expect(k.checkAll().flatMap((t) => t.violations)).toEqual([]);
  });

  it('boots the 1 TiB capture with metadata for its ~2 TiB of address space', () => {
    const k = bootKernel('datasets/mbi/q35-1T.mbi');
    const s = k.stats();
    expect(s.maxPaddr).toBe(0x1ff80000000);
    expect(s.metaPages).toBe(Math.ceil((0x1ff80000000 / 4096) * 16 / 4096));
    expect(k.bootLog[4]!.risks?.[0]).toMatch(/above 4 GiB/);
    expect(s.metaStoreBytes).toBeLessThan(64 * 2 ** 20);
  });
});
