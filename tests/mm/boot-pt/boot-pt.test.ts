import { describe, expect, it } from 'vitest';
import { NO_BUGS } from '../../../kernel-sim/bugs/index.js';
import { bootKernel } from '../../../kernel-sim/kernel/index.js';
import { CpuState, EFER_NXE, Mmu } from '../../../kernel-sim/machine/index.js';
import { ASTERINAS_ENCODING, CachePolicy, PageFlags, pageProperty, type PageProperty } from '../../../kernel-sim/mm/page-table/index.js';
import { BootPageTable, BootPtArgumentError } from '../../../kernel-sim/mm/page-table/boot-pt.js';
import { enableLongMode, multibootHandoff, writeBootPageTable } from '../../../kernel-sim/mm/page-table/boot-s.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';

function setup() {
  const k = bootKernel('datasets/mbi/q35-128M.mbi');
  const env = { memory: k.machine.memory, frames: k.frameAllocator, enc: ASTERINAS_ENCODING };
  const root = k.frameAllocator.allocSingle()!;
  const cpu = new CpuState({ id: 0 });
  cpu.enterLongMode({ root: root * 4096, nxe: true });
  return { k, env, root, cpu, mmu: new Mmu(k.machine.memory) };
}

describe('BootPageTable', () => {
  it('map_base_page as in 232e62b\'s test_boot_pt: walks translate through the new tables', () => {
    const { env, cpu, mmu } = setup();
    const pt = BootPageTable.fromCurrentPt(env, cpu);
    const prop1 = pageProperty(PageFlags.RW, 'Writeback');
    pt.mapBasePage(0x1000n, 0x2, prop1);
    expect(mmu.walk(cpu, 0x1001n).paddr).toBe(0x2001);
    const prop2 = pageProperty(PageFlags.RX, 'Uncacheable' as CachePolicy);
    pt.mapBasePage(0x2000n, 0x3, prop2);
    const t = mmu.walk(cpu, 0x2002n);
    expect(t.paddr).toBe(0x3002);
    expect(t.flags.pcd).toBe(true);
    expect(t.flags.writable).toBe(false);
    expect(pt.frames.length).toBe(3); // PDPT, PD, PT under the root
  });

  it('retire gives the allocated frames back and the table refuses use afterwards', () => {
    const { k, env, cpu } = setup();
    const before = k.frameAllocator.framesInUse;
    const pt = BootPageTable.fromCurrentPt(env, cpu);
    pt.mapBasePage(0xffff_e000_0000_0000n, 0x10, pageProperty(PageFlags.RW));
    expect(k.frameAllocator.framesInUse).toBe(before + 3);
    pt.retire();
    expect(k.frameAllocator.framesInUse).toBe(before);
    expect(() => pt.mapBasePage(0x1000n, 1, pageProperty(PageFlags.RW))).toThrow(KernelPanic);
    expect(() => pt.retire()).toThrow(KernelPanic);
    expect(() => pt.drop()).toThrow(/dropped rather than retired/);
  });

  it('panics on an already mapped page and on a huge page of boot.S in the way', () => {
    const { env, cpu } = setup();
    const pt = BootPageTable.fromCurrentPt(env, cpu);
    pt.mapBasePage(0x5000n, 7, pageProperty(PageFlags.RW));
    expect(() => pt.mapBasePage(0x5000n, 8, pageProperty(PageFlags.RW))).toThrow(/already mapped page/);

    const k = bootKernel('datasets/mbi/q35-128M.mbi');
    const base = k.frameAllocator.allocContiguous(6)!.start * 4096;
    const bs = writeBootPageTable(k.machine.memory, base, { bugs: NO_BUGS });
    const c2 = new CpuState({ id: 1 });
    multibootHandoff(c2);
    enableLongMode(c2, bs.pml4, NO_BUGS);
    c2.writeEfer(c2.efer | EFER_NXE); // enable_common_cpu_features: the RW (non-X) leaf sets NX
    const bpt = BootPageTable.fromCurrentPt({ memory: k.machine.memory, frames: k.frameAllocator, enc: ASTERINAS_ENCODING }, c2);
    expect(bpt.rootPt * 4096).toBe(bs.pml4);
    expect(() => bpt.mapBasePage(0x1000n, 1, pageProperty(PageFlags.RW))).toThrow(/already mapped huge page/);
    // A new PML4 slot (the metadata range) works beside boot.S's entries.
    bpt.mapBasePage(0xffff_e000_0000_0000n, 0x42, pageProperty(PageFlags.RW));
    expect(new Mmu(k.machine.memory).walk(c2, 0xffff_e000_0000_0008n).paddr).toBe(0x42008);
  });
});

// Two identical kernels: one maps page by page (map_base_page, the reference), the other
// through mapBasePages; each outcome and the resulting tables must be the same.
type Twin = ReturnType<typeof twinSide>;
function twinSide(file: string, bootS: boolean) {
  const k = bootKernel(file);
  const cpu = new CpuState({ id: 0 });
  let tables: number[] = [];
  if (bootS) {
    const base = k.frameAllocator.allocContiguous(6)!.start * 4096;
    writeBootPageTable(k.machine.memory, base, { bugs: NO_BUGS });
    multibootHandoff(cpu);
    enableLongMode(cpu, base, NO_BUGS);
    cpu.writeEfer(cpu.efer | EFER_NXE);
    tables = Array.from({ length: 6 }, (_, i) => base / 4096 + i);
  } else {
    const root = k.frameAllocator.allocSingle()!;
    cpu.enterLongMode({ root: root * 4096, nxe: true });
    tables = [root];
  }
  const pt = BootPageTable.fromCurrentPt({ memory: k.machine.memory, frames: k.frameAllocator, enc: ASTERINAS_ENCODING }, cpu);
  return { k, cpu, pt, tables };
}

type Run = { from: bigint; to: number; count: number };

function perPage(s: Twin, runs: readonly Run[], prop: PageProperty): void {
  for (const r of runs) for (let i = 0; i < r.count; i++) s.pt.mapBasePage(r.from + BigInt(i) * 4096n, r.to + i, prop);
}

function batched(s: Twin, runs: readonly Run[], prop: PageProperty): void {
  for (const r of runs) s.pt.mapBasePages(r.from, r.to, r.count, prop);
}

function outcome(f: () => void): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

// Maps `runs` both ways (after `prepare` on each side) and checks the two machines agree.
function expectSame(file: string, bootS: boolean, runs: readonly Run[], opts: { prepare?: (s: Twin) => void; prop?: PageProperty } = {}) {
  const prop = opts.prop ?? pageProperty(PageFlags.RW);
  const a = twinSide(file, bootS);
  const b = twinSide(file, bootS);
  opts.prepare?.(a);
  opts.prepare?.(b);
  const resA = outcome(() => perPage(a, runs, prop));
  const resB = outcome(() => batched(b, runs, prop));
  expect(resB).toBe(resA);
  expect(b.pt.frames).toEqual(a.pt.frames);
  expect(b.k.frameAllocator.framesInUse).toBe(a.k.frameAllocator.framesInUse);
  expect(b.k.machine.memory.touchedPages).toBe(a.k.machine.memory.touchedPages);
  for (const f of [...a.tables, ...a.pt.frames]) {
    const bytesA = a.k.machine.memory.readBytes(f * 4096, 4096);
    const bytesB = b.k.machine.memory.readBytes(f * 4096, 4096);
    if (Buffer.compare(bytesA, bytesB) !== 0) expect.fail(`table frame ${f.toString(16)} differs`);
  }
  return { a, b, res: resA };
}

describe('BootPageTable.mapBasePages (batched map_base_page)', () => {
  it.each(['q35-1G', 'q35-8G'])('maps %s\'s metadata as meta::init does, writing the same tables and allocating the same frames', (name) => {
    const file = `datasets/mbi/${name}.mbi`;
    const k = bootKernel(file);
    let va = 0xffff_e000_0000_0000n;
    const runs = k.metaInit.ranges.map((r) => {
      const run = { from: va, to: r.start / 4096, count: (r.end - r.start) / 4096 };
      va += BigInt(r.end - r.start);
      return run;
    });
    expect(runs.reduce((s, r) => s + r.count, 0)).toBeGreaterThan(512); // more than one level-1 table
    const { b, res } = expectSame(file, true, runs);
    expect(res).toBe('ok');
    const last = runs[runs.length - 1]!;
    const t = new Mmu(b.k.machine.memory).walk(b.cpu, last.from + BigInt(last.count - 1) * 4096n + 8n);
    expect(t.paddr).toBe((last.to + last.count - 1) * 4096 + 8);
  });

  it('agrees on runs that start mid-table, cross level-1, level-2 and level-3 tables, wrap at the address width or are empty', () => {
    const runs: Run[] = [
      { from: 0x7000n, to: 0x100, count: 3 },
      { from: 0x1f_f000n, to: 0x200, count: 520 }, // ends in a third level-1 table
      { from: 0x3fff_e000n, to: 0x400, count: 4 }, // crosses a 1 GiB (level-2 table) boundary
      { from: 0x7f_ffff_f000n, to: 0x500, count: 2 }, // crosses a 512 GiB (level-3 table) boundary
      { from: 0x123n, to: 0x600, count: 0 },
      { from: 0xffff_ffff_ffff_f000n, to: 0x700, count: 2 }, // the second page wraps to VA 0
    ];
    const { b, res } = expectSame('datasets/mbi/q35-128M.mbi', false, runs);
    expect(res).toBe('ok');
    expect(new Mmu(b.k.machine.memory).walk(b.cpu, 0x8n).paddr).toBe(0x701008);
  });

  it('panics at the first already mapped page, with the pages before it mapped, as map_base_page does', () => {
    const runs = [{ from: 0x40_0000n, to: 0x100, count: 1024 }];
    const { res } = expectSame('datasets/mbi/q35-128M.mbi', false, runs, {
      prepare: (s) => s.pt.mapBasePage(0x40_0000n + 700n * 4096n, 0x42, pageProperty(PageFlags.RW)),
    });
    expect(res).toMatch(/KernelPanic: .*already mapped page in the boot page table \(0x6bc000\)/);
  });

  it('panics at a huge page of boot.S in the way after mapping the pages before it', () => {
    // PDPT[0x1fd] is free; PDPT[0x1fe] leads to boot.S's 2 MiB pages.
    const runs = [{ from: 0x7f_7fff_e000n, to: 0x100, count: 4 }];
    const { a, res } = expectSame('datasets/mbi/q35-128M.mbi', true, runs);
    expect(res).toMatch(/already mapped huge page in the boot page table \(0x7f80000000, level 2\)/);
    expect(a.pt.frames.length).toBe(2); // the PD and PT of the two pages before
  });

  it('falls back to a walk per page when a table is reached twice (a self-referencing root)', () => {
    const runs = [{ from: 0x1000n, to: 0x100, count: 600 }];
    const { res } = expectSame('datasets/mbi/q35-128M.mbi', false, runs, {
      prepare: (s) => {
        const root = s.tables[0]! * 4096; // PML4[0] -> the root itself, so it serves as PDPT, PD and PT
        s.k.machine.memory.writeU32(root, ((root & 0xffff_f000) | 0x7) >>> 0);
      },
    });
    // From page 0x200 on, the walk goes through the root's entry 1, the first page's leaf.
    expect(res).toBe('ok');
  });

  it('falls back to a walk per page when the allocator hands out a table of the walk again (a root that is a free frame)', () => {
    // PML4[0] -> PDPT exists; freeing the root makes it the next table frame: the walk for
    // 0x4000_0000 zeroes it as the new PD (wiping PML4[0]), so each page's walk differs.
    const runs = [{ from: 0x4000_0000n, to: 0x100, count: 8 }];
    const { a } = expectSame('datasets/mbi/q35-128M.mbi', false, runs, {
      prepare: (s) => {
        s.pt.mapBasePage(0x1000n, 0x42, pageProperty(PageFlags.RW));
        s.k.frameAllocator.dealloc(s.tables[0]!, 1);
      },
    });
    expect(a.pt.frames[3]).toBe(a.tables[0]);
    expect(a.pt.frames.length).toBeGreaterThan(5); // more than one walk allocated tables
  });

  it('refuses use after retire and a bad count; an empty run is no call at all', () => {
    const { env, cpu } = setup();
    const pt = BootPageTable.fromCurrentPt(env, cpu);
    const rw = pageProperty(PageFlags.RW);
    expect(() => pt.mapBasePages(0x1000n, 1, 1.5, rw)).toThrow(BootPtArgumentError);
    expect(() => pt.mapBasePages(0x1000n, 1, -1, rw)).toThrow(BootPtArgumentError);
    pt.mapBasePages(0x1000n, 1, 2, rw);
    pt.retire();
    expect(() => pt.mapBasePages(0x1000n, 1, 1, rw)).toThrow(/retired/);
    expect(() => pt.mapBasePages(0x1000n, 1, 0, rw)).not.toThrow();
  });
});
