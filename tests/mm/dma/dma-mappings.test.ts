import { describe, expect, it } from 'vitest';
import { bootKernel } from '../../../kernel-sim/kernel/index.js';
import { DmaCoherent, DmaError, DmaStream, DmaSystem, directCpuMemory, dmaReceive, type CpuMemoryPort } from '../../../kernel-sim/mm/dma/index.js';
import { deviceTranslate, init, IommuKernel, IommuSystem, pciLocation } from '../../../kernel-sim/mm/iommu/index.js';
import { buildKernelAddressSpace, paddrToVaddr } from '../../../kernel-sim/mm/kspace/index.js';
import { UseAfterDropError } from '../../../kernel-sim/mm/page/index.js';
import type { CachePolicy } from '../../../kernel-sim/mm/page-table/index.js';

const MBI = 'datasets/mbi/q35-128M.mbi';

function env(bugs: string[] = [], cpu?: (mem: ReturnType<typeof bootKernel>['machine']['memory']) => CpuMemoryPort) {
  const kernel = bootKernel(MBI, { bugs, check: true });
  const ks = buildKernelAddressSpace(kernel);
  const iommu = new IommuSystem(new IommuKernel(kernel));
  init(iommu);
  const dma = new DmaSystem({ iommu, kernelPageTable: ks.pageTable, linearBase: ks.report.layout.linearMapping.start, cpu: (cpu ?? directCpuMemory)(kernel.machine.memory), bugs: kernel.bugs });
  return { kernel, ks, iommu, dma };
}

describe('DmaCoherent', () => {
  it('map: UC in the kernel linear map when not coherent, IOMMU daddr = paddr; drop: WB again, unmapped, frames freed', () => {
    const { kernel, ks, dma } = env();
    const free0 = kernel.frameAllocator.buddy.free;
    const seg = kernel.frames.allocContiguous(2)!;
    const pa = seg.startPaddr();
    const dev = pciLocation(0, 5, 0);
    const c = DmaCoherent.map(dma, seg, false, dev);
    expect(c.daddr()).toBe(pa);
    expect(ks.pageTable.query(paddrToVaddr(pa + 4096))!.prop.cache).toBe('Uncacheable');
    expect(ks.mmu.translate(ks.cpu, paddrToVaddr(pa)).flags.pcd).toBe(true);
    const pt = dma.iommu!.pageTable!.getOrCreateContextTable(dev).getOrCreatePageTable(dev);
    expect(deviceTranslate(pt, pa + 4096 + 12)).toBe(pa + 4096 + 12);
    expect(dma.set.has(pa) && dma.set.has(pa + 4096)).toBe(true);
    c.writeBytes(10, new Uint8Array([7, 8, 9]));
    expect([...kernel.machine.memory.readBytes(pa + 10, 3)]).toEqual([7, 8, 9]);
    const c2 = c.clone();
    c.drop();
    expect(dma.set.has(pa)).toBe(true); // one handle left
    c2.drop();
    expect(ks.pageTable.query(paddrToVaddr(pa))!.prop.cache).toBe('Writeback');
    expect(deviceTranslate(pt, pa)).toBe(null);
    expect(dma.set.has(pa)).toBe(false);
    // What stays: the device's context table, its page-table root, level-2 and level-1 nodes, and the
    // kernel page table's level-1 node from splitting the linear map's 2 MiB page for the UC change.
    expect(kernel.frameAllocator.buddy.free).toBe(free0 - 4 - 1);
    expect(kernel.checkAll().flatMap((t) => t.violations)).toEqual([]);
    expect(() => c2.daddr()).toThrow(UseAfterDropError);
  });

  it('double map of a page: DmaError AlreadyMapped, nothing changed', () => {
    const { kernel, ks, dma } = env();
    const seg = kernel.frames.allocContiguous(2)!;
    const child = seg.range(1, 2);
    const a = DmaCoherent.map(dma, seg, false);
    const pages = dma.set.pages.size;
    expect(() => DmaCoherent.map(dma, child, true)).toThrow(DmaError);
    expect(() => DmaStream.map(dma, child.clone(), 'Bidirectional', true)).toThrow(/AlreadyMapped/);
    expect(dma.set.pages.size).toBe(pages);
    expect(ks.pageTable.query(paddrToVaddr(child.startPaddr()))!.prop.cache).toBe('Uncacheable');
    child.drop();
    a.drop();
    expect(kernel.checkAll().flatMap((t) => t.violations)).toEqual([]);
  });
});

describe('DmaStream', () => {
  it('direction and sync bounds are typed errors', () => {
    const { kernel, dma } = env();
    const s = DmaStream.map(dma, kernel.frames.allocContiguous(1)!, 'ToDevice', false);
    expect(() => s.readBytes(0, new Uint8Array(4))).toThrow(/AccessDenied/);
    expect(() => s.sync(0, 4097)).toThrow(/DmaStream::sync: InvalidArgs/);
    s.writeBytes(0, new Uint8Array([1]));
    s.drop();
    const r = DmaStream.map(dma, kernel.frames.allocContiguous(1)!, 'FromDevice', false);
    expect(() => r.writeBytes(0, new Uint8Array(1))).toThrow(/AccessDenied/);
    r.drop();
  });

  // A write-back cache of whole 64-byte lines: enough to show DME-01 until the machine's model is used.
  function lineCache(mem: ReturnType<typeof bootKernel>['machine']['memory']): CpuMemoryPort & { dirty: Map<number, Uint8Array> } {
    const dirty = new Map<number, Uint8Array>();
    const line = (pa: number): Uint8Array => {
      const base = pa - (pa % 64);
      let l = dirty.get(base);
      if (l === undefined) dirty.set(base, (l = mem.readBytes(base, 64)));
      return l;
    };
    return {
      dirty,
      read(pa, len, cache: CachePolicy) {
        if (cache === 'Uncacheable') return mem.readBytes(pa, len);
        const out = new Uint8Array(len);
        for (let i = 0; i < len; i++) out[i] = line(pa + i)[(pa + i) % 64]!;
        return out;
      },
      write(pa, data, cache) {
        if (cache === 'Uncacheable') return mem.writeBytes(pa, data);
        for (let i = 0; i < data.length; i++) line(pa + i)[(pa + i) % 64] = data[i]!;
      },
      clflush(pa) {
        const base = pa - (pa % 64);
        const l = dirty.get(base);
        if (l !== undefined) mem.writeBytes(base, l);
        dirty.delete(base);
      },
    };
  }

  it('DME-01: sync after the device wrote writes the CPU\'s dirty lines over the data (audited); sync first is correct (fixed)', () => {
    const corrupted: number[] = [];
    for (const bugs of [['DME-01'], []]) {
      const { kernel, dma } = env(bugs, lineCache);
      const s = DmaStream.map(dma, kernel.frames.allocContiguous(1)!, 'Bidirectional', false);
      s.writeBytes(0, new Uint8Array(4096)); // the driver clears the buffer: 64 dirty lines
      const data = new Uint8Array(4096).map((_, i) => (i * 7 + 1) & 0xff);
      const got = dmaReceive(s, () => kernel.machine.memory.writeBytes(s.paddr(), data));
      corrupted.push(got.reduce((n, b, i) => n + (b === data[i] ? 0 : 1), 0));
      s.drop();
    }
    expect(corrupted[0]).toBeGreaterThan(4000);
    expect(corrupted[1]).toBe(0);
  });
});

describe('CON-01 with a live DMA mapping', () => {
  it('audited: dropping the tables takes the mapped frame\'s reference from its Segment (the ledger sees it); fixed: clean', async () => {
    const { dmaEnv } = await import('../../../kernel-sim/kernel/index.js');
    const run = (bugs: string[]) => {
      const env = dmaEnv({ bugs });
      const c = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, true, pciLocation(0, 3, 0));
      const pa = c.paddr();
      const root = env.iommu.pageTable!;
      env.iommu.pageTable = null; // the IOMMU is gone: DmaCoherent's drop has nothing to unmap
      root.drop();
      const refCount = env.kernel.pages.meta.refCount(pa / 4096);
      const violations = env.kernel.checkAll().flatMap((t) => t.violations).length;
      let dropError = '';
      // The Segment's own drop (as DmaCoherentInner::drop ends) after the tables took its reference.
      if (bugs.length > 0) try { c['inner'].value.segment.drop(); } catch (e) { dropError = (e as Error).constructor.name; }
      return { refCount, dropError, violations };
    };
    const audited = run(['CON-01']);
    expect(audited.refCount).toBe(0); // freed under the live DmaCoherent by on_drop's Page::<FrameMeta>::from_raw
    expect(audited.dropError).not.toBe(''); // the Segment's own drop then meets a freed page
    expect(run([])).toEqual({ refCount: 1, dropError: '', violations: 0 });
  });
});
