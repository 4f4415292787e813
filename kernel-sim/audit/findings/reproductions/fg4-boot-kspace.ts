/**
 * Reproductions of FG4's boot and kernel-space findings: BOO-01, BOO-02, BOO-04 (boot.S's page
 * table and long-mode entry), KSP-01, KSP-02 (the kernel address-space layout and MMIO), MEA-01
 * and MPA-01 (`meta::init`).
 * @module
 */
import type { MemoryRegion } from '../../../boot/index.js';
import { bugSet } from '../../../bugs/index.js';
import { bootKernel } from '../../../kernel/index.js';
import { CpuState, GeneralProtectionFault, Machine, Mmu, PageFault } from '../../../machine/index.js';
import { enableLongMode, multibootHandoff, writeBootPageTable } from '../../../mm/page-table/boot-s.js';
import { buildKernelAddressSpace, kernelLayout, paddrToVaddr } from '../../../mm/kspace/index.js';
import { KernelPanic } from '../../../util/errors.js';
import { SMALL_REGIONS } from '../fixtures.js';
import type { Observed, Reproduction } from '../types.js';

const BOOT_PT_BASE = 0x10_0000;

// boot.S's table on a 64 MiB machine, long mode entered from the Multiboot2 hand-off (or not).
function bootS(ids: string[], handoff = true) {
  const bugs = bugSet(ids);
  const machine = new Machine({ ram: [{ start: 0, end: 64 << 20 }] });
  const table = writeBootPageTable(machine.memory, BOOT_PT_BASE, { bugs });
  const cpu = new CpuState({ id: 0 });
  if (handoff) multibootHandoff(cpu);
  enableLongMode(cpu, table.pml4, bugs);
  return { machine, table, cpu, mmu: new Mmu(machine.memory) };
}

const boo01: Reproduction = {
  id: 'BOO-01',
  input: "boot.S's table; translate 0x200000, then CR3 to an empty root and translate again",
  run() {
    const side = (ids: string[]): Observed => {
      const { cpu, mmu, machine } = bootS(ids);
      const global = mmu.translate(cpu, 0x20_0000n).flags.global;
      const empty = 0x200_0000;
      machine.memory.zero(empty, 4096);
      cpu.switchRoot(empty);
      let after: string;
      try {
        after = `translated (from ${mmu.translate(cpu, 0x20_0000n).source})`;
      } catch (e) {
        if (!(e instanceof PageFault)) throw e;
        after = 'page fault';
      }
      return { globalLeaf: global, afterCr3Switch: after };
    };
    const audited = side(['BOO-01']);
    const fixed = side([]);
    return { differs: audited.globalLeaf === true && fixed.afterCr3Switch === 'page fault' && audited.afterCr3Switch !== 'page fault', summary: `after a CR3 switch to an empty root: audited ${audited.afterCr3Switch}, fixed ${fixed.afterCr3Switch}`, audited, fixed };
  },
};

const boo02: Reproduction = {
  id: 'BOO-02',
  input: 'enable_long_mode on a CPU whose loader left CR0.PE clear',
  run() {
    const side = (ids: string[]): Observed => {
      try {
        const { cpu } = bootS(ids, false);
        return { result: 'long mode', cr0: `0x${cpu.cr0.toString(16)}` };
      } catch (e) {
        if (!(e instanceof GeneralProtectionFault)) throw e;
        return { result: '#GP', cr0: null };
      }
    };
    const audited = side(['BOO-02']);
    const fixed = side([]);
    return { differs: audited.result === '#GP' && fixed.result === 'long mode', summary: `CR0 |= PG without PE: audited ${audited.result}, fixed ${fixed.result}`, audited, fixed };
  },
};

const boo04: Reproduction = {
  id: 'BOO-04',
  input: "boot.S's table; the 2 MiB page over the local APIC at 0xfee00000",
  run() {
    const side = (ids: string[]): Observed => {
      const { cpu, mmu, table } = bootS(ids);
      const f = mmu.walk(cpu, 0xfee0_0020n).flags;
      return { uncachedPages: table.uncachedPages.map((p) => `0x${p.toString(16)}`), lapicPcd: f.pcd, lapicPwt: f.pwt };
    };
    const audited = side(['BOO-04']);
    const fixed = side([]);
    return { differs: audited.lapicPcd === false && fixed.lapicPcd === true, summary: `LAPIC page: audited PCD ${audited.lapicPcd} (write-back), fixed PCD ${fixed.lapicPcd}`, audited, fixed };
  },
};

const ksp01: Reproduction = {
  id: 'KSP-01',
  input: 'the kernel layout for a 39-bit address width',
  run() {
    const side = (ids: string[]): Observed => {
      const l = kernelLayout(39, bugSet(ids));
      return { addrWidthShift: l.addrWidthShift, undefinedShift: l.undefinedShift, linearMappingStart: `0x${l.linearMapping.start.toString(16)}`, kernelCodeBase: `0x${l.kernelCodeBase.toString(16)}` };
    };
    const audited = side(['KSP-01']);
    const fixed = side([]);
    return { differs: audited.undefinedShift === true && fixed.undefinedShift === false, summary: `LINEAR_MAPPING_BASE_VADDR at 39 bits: audited ${audited.linearMappingStart} (shift by a negative count), fixed ${fixed.linearMappingStart}`, audited, fixed };
  },
};

// The small machine with an HPET-like Reserved window.
const KSP02_REGIONS: readonly MemoryRegion[] = [...SMALL_REGIONS, { base: 0xfed1_c000n, len: 0x4000n, type: 'Reserved' }];

const ksp02: Reproduction = {
  id: 'KSP-02',
  input: 'the 64 MiB machine with a Reserved MMIO window at 0xfed1c000; the kernel page table over it',
  run() {
    const side = (ids: string[]): Observed => {
      const k = bootKernel(KSP02_REGIONS, { bugs: ids });
      const ks = buildKernelAddressSpace(k, { bootMetaMap: false });
      return { mmioSource: ks.report.mmioSource, mmioPagePcd: ks.mmu.translate(ks.cpu, paddrToVaddr(0xfed1_c000)).flags.pcd };
    };
    const audited = side(['KSP-02']);
    const fixed = side([]);
    return { differs: audited.mmioPagePcd === false && fixed.mmioPagePcd === true, summary: `the real MMIO page: audited uncacheable ${audited.mmioPagePcd} (${audited.mmioSource}), fixed ${fixed.mmioPagePcd} (${fixed.mmioSource})`, audited, fixed };
  },
};

const mea01: Reproduction = {
  id: 'MEA-01',
  input: 'meta::init on the 64 MiB machine',
  run() {
    const side = (ids: string[]): Observed => {
      const m = bootKernel(SMALL_REGIONS, { bugs: ids }).metaInit;
      return { metaPages: m.metaPages, rangesReturned: m.ranges.length, resultHeapBytes: m.resultHeapBytes };
    };
    const audited = side(['MEA-01']);
    const fixed = side([]);
    return { differs: audited.rangesReturned === audited.metaPages && fixed.rangesReturned === 1, summary: `meta::init's result: audited ${audited.rangesReturned} ranges (${audited.resultHeapBytes} heap bytes), fixed ${fixed.rangesReturned} (${fixed.resultHeapBytes})`, audited, fixed };
  },
};

// 1 GiB of RAM and a Reserved window ending at 1 TiB, as QEMU's SeaBIOS maps report.
const MPA01_REGIONS: readonly MemoryRegion[] = [
  { base: 0n, len: 0x9f000n, type: 'Usable' },
  { base: 0x100000n, len: 0x100000n, type: 'Kernel' },
  { base: 0x200000n, len: 0x4000_0000n - 0x200000n, type: 'Usable' },
  { base: 0xfd_0000_0000n, len: 0x3_0000_0000n, type: 'Reserved' },
];

const mpa01: Reproduction = {
  id: 'MPA-01',
  input: '1 GiB of RAM and a Reserved window [0xfd00000000, 1 TiB)',
  run() {
    const side = (ids: string[]): Observed => {
      try {
        const s = bootKernel(MPA01_REGIONS, { bugs: ids }).stats();
        return { boot: 'ok', maxPaddr: `0x${s.maxPaddr.toString(16)}`, metaPages: s.metaPages };
      } catch (e) {
        if (!(e instanceof KernelPanic)) throw e;
        return { boot: `panic in ${e.fn}`, maxPaddr: null, metaPages: null };
      }
    };
    const audited = side(['MPA-01']);
    const fixed = side([]);
    return { differs: audited.boot !== 'ok' && fixed.boot === 'ok', summary: `boot: audited ${audited.boot} (metadata sized for 1 TiB), fixed ${fixed.boot} (MAX_PADDR ${fixed.maxPaddr})`, audited, fixed };
  },
};

/** FG4 boot and kernel-space reproductions. */
export const FG4_BOOT_REPRODUCTIONS: readonly Reproduction[] = [boo01, boo02, boo04, ksp01, ksp02, mea01, mpa01];
