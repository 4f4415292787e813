import { describe, expect, it } from 'vitest';
import { NO_BUGS } from '../../../kernel-sim/bugs/index.js';
import { bootKernel } from '../../../kernel-sim/kernel.js';
import { CpuState, EFER_NXE, Mmu } from '../../../kernel-sim/machine/index.js';
import { ASTERINAS_ENCODING, CachePolicy, PageFlags, pageProperty } from '../../../kernel-sim/mm/page-table/index.js';
import { BootPageTable } from '../../../kernel-sim/mm/page-table/boot-pt.js';
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
