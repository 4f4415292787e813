import { beforeAll, describe, expect, it } from 'vitest';
import { bugSet } from '../../../kernel-sim/bugs/index.js';
import { bootKernel } from '../../../kernel-sim/kernel/index.js';
import { PageFault } from '../../../kernel-sim/machine/index.js';
import {
  AUDITED_MMIO_WINDOW, buildKernelAddressSpace, initKernelPageTable, paddrToVaddr, type KernelAddressSpace,
} from '../../../kernel-sim/mm/kspace/index.js';
import { ASTERINAS_ENCODING, InvalidVaddrRangeError, PageTableContext } from '../../../kernel-sim/mm/page-table/index.js';
import { BootPageTable } from '../../../kernel-sim/mm/page-table/boot-pt.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';

const MBI = 'datasets/mbi/q35-4G.mbi';

describe('initKernelPageTable on q35-4G (fixed)', () => {
  let kernel: ReturnType<typeof bootKernel>;
  let ks: KernelAddressSpace;
  beforeAll(() => {
    kernel = bootKernel(MBI);
    ks = buildKernelAddressSpace(kernel);
  });

  it('linear-maps all physical memory up to phys_mem_cap with 2 MiB pages, RW, write-back, global, NX', () => {
    const r = ks.report.mapped.find((m) => m.kind === 'linear')!;
    expect(ks.report.physMemCap).toBe(0x100_0000_0000); // the Reserved window ending at 1 TiB counts
    expect(r.pa).toEqual({ start: 0, end: ks.report.physMemCap });
    const t = ks.mmu.translate(ks.cpu, paddrToVaddr(0x1234_5678));
    expect(t.paddr).toBe(0x1234_5678);
    expect(t.pageSize).toBe(0x20_0000);
    expect(t.flags).toMatchObject({ writable: true, user: false, executable: false, global: true, pcd: false });
    expect(ks.mmu.translate(ks.cpu, paddrToVaddr(0x1_4000_0000)).paddr).toBe(0x1_4000_0000);
  });

  it('maps the metadata pages at FRAME_METADATA_BASE (huge where aligned, as map_pa does)', () => {
    const range = kernel.metaInit.ranges[0]!;
    const t = ks.mmu.translate(ks.cpu, 0xffff_e000_0000_0040n);
    expect(t.paddr).toBe(range.start + 0x40);
    const m = ks.report.mapped.filter((x) => x.kind === 'metadata');
    expect(m.reduce((s, x) => s + x.pages2M * 512 + x.pages4K, 0)).toBe(kernel.metaInit.metaPages);
  });

  it('KSP-02 fixed: the memory map\'s Reserved/Framebuffer regions are uncacheable; 32-36 GiB stays write-back', () => {
    expect(ks.report.mmioSource).toBe('memory-map');
    const hpetPage = ks.mmu.translate(ks.cpu, paddrToVaddr(0xfed1_c000));
    expect([hpetPage.flags.pcd, hpetPage.pageSize]).toEqual([true, 4096]); // 232e62b's PAT: Uncacheable is PCD
    expect(ks.mmu.translate(ks.cpu, paddrToVaddr(0xb000_0000)).flags.pcd).toBe(true);
    expect(ks.mmu.translate(ks.cpu, paddrToVaddr(0xfed1_b000)).flags.pcd).toBe(false); // the split 2 MiB page's RAM-side neighbour
    expect(ks.mmu.translate(ks.cpu, paddrToVaddr(AUDITED_MMIO_WINDOW.start)).flags.pcd).toBe(false);
  });

  it('maps the kernel image at KERNEL_CODE_BASE_VADDR, RWX, 4 KiB pages', () => {
    const t = ks.mmu.translate(ks.cpu, 0xffff_ffff_8100_0010n, { exec: true });
    expect(t.paddr).toBe(0x100_0010);
    expect(t.pageSize).toBe(4096);
    expect(t.flags.executable).toBe(true);
    expect(kernel.meta.usage(0x1000)).not.toBe(kernel.meta.usage(0x2000)); // KernelMeta vs a free frame
  });

  it('activates the table, flushes globals and retires the boot page table', () => {
    expect(ks.cpu.root).toBe(ks.pageTable.rootPaddr());
    expect(ks.report.activated).toBe(true);
    expect(ks.report.bootFramesRetired).toBe(ks.bootPtFrames);
    expect(() => ks.mmu.translate(ks.cpu, 0x1000n)).toThrow(PageFault); // the identity map is gone
    expect(() => ks.mmu.translate(ks.cpu, 0xffff_ffff_8000_0000n)).toThrow(PageFault);
  });

  it('reports page-table pages; MOL-01: root entries 256..512 all point at shared level-3 nodes alike', () => {
    expect(ks.report.pageTablePages).toBeGreaterThan(256);
    expect(ks.report.pageTableBytes).toBe(ks.report.pageTablePages * 4096);
    const root = ks.pageTable.rootPaddr();
    const flags = new Set<number>();
    for (let i = 256; i < 512; i++) {
      const lo = ks.ctx.readLo(root, i);
      expect(lo & 1).toBe(1);
      flags.add(lo & 0xfff & ~0x60); // A/D aside (the MMU sets A on walks)
    }
    expect(flags.size).toBe(1); // i < 384 (\"tracked\") and i >= 384 give the same entry
  });
});

describe('initKernelPageTable switches and bad input', () => {
  it('KSP-02 audited: the fixed 32-36 GiB window is uncacheable and the real MMIO is write-back', () => {
    const k = bootKernel(MBI, { bugs: ['KSP-02'] });
    const ks = buildKernelAddressSpace(k, { bootMetaMap: false });
    expect(ks.report.mmioSource).toBe('fixed-window');
    expect(ks.report.mapped.filter((m) => m.kind === 'mmio').map((m) => m.pa)).toEqual([AUDITED_MMIO_WINDOW]);
    expect(ks.mmu.translate(ks.cpu, paddrToVaddr(0x8_0000_0000)).flags.pcd).toBe(true);
    expect(ks.mmu.translate(ks.cpu, paddrToVaddr(0xfed1_c000)).flags.pcd).toBe(false);
  });

  it('KSP-01 at 39 bits: audited, the collapsed layout puts the linear map at 0, which KernelMode refuses; fixed, at 0xffff_ffc0_0000_0000', () => {
    for (const audited of [true, false]) {
      const k = bootKernel('datasets/mbi/q35-128M.mbi', { bugs: audited ? ['KSP-01'] : [] });
      const ctx = new PageTableContext(k.machine.memory, k.pages);
      const bpt = new BootPageTable({ memory: k.machine.memory, frames: k.frameAllocator, enc: ASTERINAS_ENCODING }, k.frameAllocator.allocSingle()!);
      const e = (() => { try { initKernelPageTable(k, bpt, k.metaInit.ranges, { ctx, addressWidth: 39 }); } catch (err) { return err; } return null; })();
      // Either way the 1 TiB phys_mem_cap of the capture overflows a 39-bit linear map; where it starts differs.
      expect(e).toBeInstanceOf(InvalidVaddrRangeError);
      expect((e as InvalidVaddrRangeError).start).toBe(audited ? 0n : 0xffff_ffc0_0000_0000n);
    }
  });

  it('panics without a Kernel region, as the unwrap would', () => {
    const k = bootKernel(MBI);
    const ctx = new PageTableContext(k.machine.memory, k.pages);
    const bpt = new BootPageTable({ memory: k.machine.memory, frames: k.frameAllocator, enc: ASTERINAS_ENCODING }, 0);
    const noKernel = { ...k, regions: k.regions.filter((r) => r.type !== 'Kernel') };
    expect(() => initKernelPageTable(noKernel, bpt, k.metaInit.ranges, { ctx })).toThrow(KernelPanic);
  });
});
