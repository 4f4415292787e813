import { describe, expect, it } from 'vitest';
import { bugSet, NO_BUGS } from '../../../kernel-sim/bugs/index.js';
import { CpuState, CR0_PE, GeneralProtectionFault, Machine, Mmu, PageFault, PhysicalMemoryFault } from '../../../kernel-sim/machine/index.js';
import {
  BOOT_STACK_SIZE, BootPageTableError, enableLongMode, multibootHandoff, writeBootPageTable,
} from '../../../kernel-sim/mm/page-table/boot-s.js';

const BASE = 0x10_0000;

function boot(bugs = NO_BUGS, opts: { handoff?: boolean; mmio?: { start: number; end: number }[] } = {}) {
  const machine = new Machine({ ram: [{ start: 0, end: 64 << 20 }] });
  const table = writeBootPageTable(machine.memory, BASE, { bugs, mmio: opts.mmio });
  const cpu = new CpuState({ id: 0 });
  if (opts.handoff !== false) multibootHandoff(cpu);
  enableLongMode(cpu, table.pml4, bugs);
  return { machine, table, cpu, mmu: new Mmu(machine.memory) };
}

describe("boot.S's page table", () => {
  it('maps 0-4 GiB identity and the high aliases of FG4.1.4 with 2 MiB pages', () => {
    const { cpu, mmu } = boot();
    const cases: [bigint, number][] = [
      [0x1234_5678n, 0x1234_5678],
      [0xffff_f000n, 0xffff_f000],
      [0x7f_8000_1000n, 0x1000],
      [0x7f_c000_0000n, 0x4000_0000],
      [0xffff_8000_c000_0010n, 0xc000_0010],
      [0xffff_807f_8000_0010n, 0x10],
      [0xffff_ff80_4000_0000n, 0x4000_0000],
      [0xffff_ffff_8000_0000n, 0],
      [0xffff_ffff_c000_1000n, 0x4000_1000],
    ];
    for (const [va, pa] of cases) {
      const t = mmu.walk(cpu, va);
      expect(t.paddr, va.toString(16)).toBe(pa);
      expect(t.pageSize).toBe(0x20_0000);
      expect(t.flags.writable).toBe(true);
    }
  });

  it('leaves everything else unmapped (not-present #PF) and refuses non-canonical addresses (#GP)', () => {
    const { cpu, mmu } = boot();
    for (const va of [0x1_0000_0000n, 0x7f_0000_0000n, 0xffff_8001_0000_0000n, 0xffff_ffff_0000_0000n]) {
      const e = (() => { try { mmu.walk(cpu, va); } catch (err) { return err; } return null; })();
      expect(e).toBeInstanceOf(PageFault);
      expect((e as PageFault).errorCode).toBe(0);
    }
    expect(() => mmu.walk(cpu, 0x0000_8000_0000_0000n)).toThrow(GeneralProtectionFault);
  });

  it('enters long mode through the CPU setters: PAE, PGE, LME/LMA, PG and CR3', () => {
    const { cpu, table } = boot();
    expect(cpu.paging).toBe(true);
    expect(cpu.cr4 & 0xa0).toBe(0xa0);
    expect(cpu.efer & 0x500).toBe(0x500);
    expect(cpu.root).toBe(table.pml4);
  });

  it('BOO-01 audited: global leaves that survive a CR3 switch; fixed: no G bit', () => {
    for (const audited of [true, false]) {
      const { cpu, mmu, machine } = boot(audited ? bugSet(['BOO-01']) : NO_BUGS);
      expect(mmu.translate(cpu, 0x20_0000n).flags.global).toBe(audited);
      const empty = 0x200_0000; // a zeroed page: a root mapping nothing
      machine.memory.zero(empty, 4096);
      cpu.switchRoot(empty);
      if (audited) expect(mmu.translate(cpu, 0x20_0000n).source).not.toBe('walk'); // still cached
      else expect(() => mmu.translate(cpu, 0x20_0000n)).toThrow(PageFault);
    }
  });

  it('BOO-04 fixed: the 2 MiB pages over IOAPIC/HPET/LAPIC are PCD|PWT; audited: write-back like RAM', () => {
    const fixed = boot();
    expect(fixed.table.uncachedPages).toEqual([0xfec0_0000, 0xfee0_0000]);
    const lapic = fixed.mmu.walk(fixed.cpu, 0xfee0_0020n).flags;
    expect([lapic.pcd, lapic.pwt]).toEqual([true, true]);
    expect(fixed.mmu.walk(fixed.cpu, 0xffff_8000_fec0_0000n).flags.pcd).toBe(true);
    expect(fixed.mmu.walk(fixed.cpu, 0x1000n).flags.pcd).toBe(false);
    const audited = boot(bugSet(['BOO-04']));
    expect(audited.table.uncachedPages).toEqual([]);
    expect(audited.mmu.walk(audited.cpu, 0xfee0_0020n).flags.pcd).toBe(false);
    const custom = boot(NO_BUGS, { mmio: [{ start: 0xb000_0000, end: 0xc000_0000 }] });
    expect(custom.table.uncachedPages.length).toBe(128);
  });

  it('BOO-02 audited: CR0 |= PG only, #GP when the loader left PE clear; fixed sets PE|PG', () => {
    expect(() => boot(bugSet(['BOO-02']), { handoff: false })).toThrow(GeneralProtectionFault);
    expect(boot(bugSet(['BOO-02'])).cpu.paging).toBe(true); // PE from the loader
    const fixed = boot(NO_BUGS, { handoff: false });
    expect(fixed.cpu.cr0 & CR0_PE).toBe(CR0_PE);
    expect(fixed.cpu.paging).toBe(true);
  });

  it('BOO-03: the 256 KiB boot stack sits right after boot_page_table_end (an overflow reaches boot_pd_3g_4g)', () => {
    const { table } = boot();
    expect(BOOT_STACK_SIZE).toBe(0x40000);
    expect(table.stack).toEqual({ start: table.end, end: table.end + 0x40000 });
    expect(table.pds[3]! + 4096).toBe(table.stack.start);
  });

  it('refuses a bad placement with typed errors', () => {
    const m = new Machine({ ram: [{ start: 0, end: 16 << 20 }] });
    expect(() => writeBootPageTable(m.memory, 0x1001, { bugs: NO_BUGS })).toThrow(BootPageTableError);
    expect(() => writeBootPageTable(m.memory, 2 ** 32, { bugs: NO_BUGS })).toThrow(BootPageTableError);
    expect(() => writeBootPageTable(m.memory, 0x200_0000, { bugs: NO_BUGS })).toThrow(PhysicalMemoryFault);
  });
});
