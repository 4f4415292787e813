import { describe, expect, it } from 'vitest';
import { NO_BUGS } from '../../../kernel-sim/bugs/index.js';
import { CpuState, Machine } from '../../../kernel-sim/machine/index.js';
import { multibootHandoff } from '../../../kernel-sim/mm/page-table/boot-s.js';
import { BOOT_GDT, BootSegmentError, initialBootSetup, longModeInLowAddress, protectedMode, runBootS } from '../../../kernel-sim/mm/page-table/boot-s-steps.js';
import { bootKernel } from '../../../kernel-sim/kernel/index.js';
import { buildKernelAddressSpace } from '../../../kernel-sim/mm/kspace/index.js';

const GDT = 0x8000;

describe("boot.S's steps (FG4.1.2, 4.1.3, 4.1.6)", () => {
  it('initial_boot_setup loads the GDT and far-returns to 24:protected_mode; protected_mode sets the data segments to 16', () => {
    const m = new Machine({ ram: [{ start: 0, end: 16 << 20 }] });
    const regs = initialBootSetup(m.memory, GDT, 0x20_0000n);
    expect(regs.gdtr).toEqual({ base: GDT, limit: 31 });
    expect(m.memory.readU64(GDT + 24)).toBe(BOOT_GDT[3]);
    expect([regs.cs, regs.rip.label]).toEqual([24, 'protected_mode']);
    protectedMode(regs);
    expect([regs.ds, regs.ss, regs.es, regs.fs, regs.gs]).toEqual([16, 16, 16, 16, 16]);
  });

  it('long_mode_in_low_address: selector 8, data segments 0, RSP and RIP in the high half; refused before paging', () => {
    const m = new Machine({ ram: [{ start: 0, end: 64 << 20 }] });
    const cpu = new CpuState({ id: 0 });
    multibootHandoff(cpu);
    const regs = initialBootSetup(m.memory, GDT, 0x20_0000n);
    expect(() => longModeInLowAddress(m.memory, regs, cpu)).toThrow(BootSegmentError); // paging still off
    const r = runBootS(m.memory, cpu, 0x10_0000, GDT, { bugs: NO_BUGS });
    expect(r.regs.cs).toBe(8);
    expect(r.regs.ds).toBe(0);
    expect(r.regs.rsp).toBe(0xffff_ffff_8000_0000n | BigInt(r.table.stack.end));
    expect(r.regs.rip).toEqual({ label: 'long_mode', va: 0xffff_ffff_8000_0000n });
    expect(cpu.paging).toBe(true);
  });

  it('a GDT whose selector 24 is not 32-bit code makes the far return fail', () => {
    const m = new Machine({ ram: [{ start: 0, end: 16 << 20 }] });
    const regs = initialBootSetup(m.memory, GDT, 0n);
    m.memory.writeU64(GDT + 8, 0n); // no 64-bit code segment any more
    protectedMode(regs);
    const cpu = new CpuState({ id: 0 });
    cpu.enterLongMode({ root: 0x10_0000, pge: true, nxe: true });
    expect(() => longModeInLowAddress(m.memory, regs, cpu)).toThrow(/selector 8/);
  });

  it('the kernel address space boots through the steps', () => {
    const ks = buildKernelAddressSpace(bootKernel('datasets/mbi/q35-128M.mbi'), { bootMetaMap: false });
    expect(ks.bootRegs.rip.label).toBe('long_mode');
    expect(ks.bootRegs.gdtr).not.toBeNull();
  });
});
