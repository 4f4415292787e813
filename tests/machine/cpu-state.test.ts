import { describe, it, expect } from 'vitest';
import {
  CpuState, GeneralProtectionFault, UnsupportedCpuMode, CR0_PE, CR0_PG, CR0_WP, CR4_PAE, CR4_PCIDE, CR4_LA57, CR4_PGE,
  EFER_LME, EFER_LMA, EFER_NXE, CR3_NOFLUSH,
} from '../../kernel-sim/machine/index.js';

const gp = (f: () => void, re: RegExp) => {
  try { f(); } catch (e) {
    expect(e).toBeInstanceOf(GeneralProtectionFault);
    expect((e as Error).message).toMatch(re);
    return;
  }
  throw new Error('expected #GP');
};

function inLongMode(): CpuState {
  const cpu = new CpuState({ id: 1 });
  cpu.writeCr4(CR4_PAE);
  cpu.writeCr3(0x1000n);
  cpu.writeEfer(EFER_LME);
  cpu.writeCr0(CR0_PE | CR0_PG);
  return cpu;
}

describe('CpuState control registers', () => {
  it('enters IA-32e mode in the architectural order and sets EFER.LMA', () => {
    const cpu = inLongMode();
    expect(cpu.paging).toBe(true);
    expect(cpu.efer & EFER_LMA).toBe(EFER_LMA);
    expect(cpu.levels).toBe(4);
    expect(cpu.root).toBe(0x1000);
  });

  it('refuses CR0.PG without PE', () => {
    const cpu = new CpuState({ id: 0 });
    gp(() => cpu.writeCr0(CR0_PG), /PE/);
  });

  it('refuses CR0.PG with LME but without PAE', () => {
    const cpu = new CpuState({ id: 0 });
    cpu.writeEfer(EFER_LME);
    gp(() => cpu.writeCr0(CR0_PE | CR0_PG), /PAE/);
  });

  it('refuses legacy paging (PG without LME) as unsupported, not #GP', () => {
    const cpu = new CpuState({ id: 0 });
    cpu.writeCr4(CR4_PAE);
    expect(() => cpu.writeCr0(CR0_PE | CR0_PG)).toThrow(UnsupportedCpuMode);
  });

  it('refuses clearing PG while PCIDE, and PCIDE outside long mode or with CR3[11:0] != 0', () => {
    const off = new CpuState({ id: 0 });
    gp(() => off.writeCr4(CR4_PAE | CR4_PCIDE), /outside IA-32e/);
    const cpu = inLongMode();
    cpu.writeCr3(0x2005n);
    gp(() => cpu.writeCr4(CR4_PAE | CR4_PCIDE), /CR3\[11:0\] = 5/);
    cpu.writeCr3(0x2000n);
    cpu.writeCr4(CR4_PAE | CR4_PCIDE);
    expect(cpu.pcide).toBe(true);
    gp(() => cpu.writeCr0(CR0_PE), /PCIDE/);
  });

  it('refuses clearing PAE or changing LA57 in long mode, and changing LME with paging on', () => {
    const cpu = inLongMode();
    gp(() => cpu.writeCr4(0), /PAE/);
    gp(() => cpu.writeCr4(CR4_PAE | CR4_LA57), /LA57/);
    gp(() => cpu.writeEfer(EFER_NXE), /LME/);
    cpu.writeEfer(EFER_LME | EFER_NXE);
    expect(cpu.nxe).toBe(true);
  });

  it('refuses CR3 reserved bits and bit 63 without PCIDE; never stores bit 63', () => {
    const cpu = inLongMode();
    gp(() => cpu.writeCr3(1n << 52n), /reserved/);
    gp(() => cpu.writeCr3(CR3_NOFLUSH | 0x1000n), /bit 63/);
    cpu.writeCr4(CR4_PAE | CR4_PCIDE);
    cpu.writeCr3(CR3_NOFLUSH | 0x3000n | 7n);
    expect(cpu.cr3).toBe(0x3007n);
    expect(cpu.pcid).toBe(7);
  });

  it('refuses non-32-bit CR0/CR4 values', () => {
    const cpu = new CpuState({ id: 0 });
    gp(() => cpu.writeCr4(2 ** 32), /32-bit/);
    gp(() => cpu.writeCr0(2 ** 33), /32-bit/);
    gp(() => cpu.writeCr0(0.5), /32-bit/);
  });

  it('checks INVPCID operands', () => {
    const cpu = inLongMode();
    gp(() => cpu.invpcid(4, 0), /type/);
    gp(() => cpu.invpcid(1, 0x1000), /4095/);
    gp(() => cpu.invpcid(1, 3), /PCIDE=0/);
    gp(() => cpu.invpcid(0, 0, 0x0000800000000000n), /non-canonical/);
    cpu.invpcid(2, 0);
    cpu.invpcid(3, 0);
    expect(cpu.tlb.stats.flushes.invpcid2).toBe(1);
  });

  it('enterLongMode with LA57, PGE, WP and a PCID', () => {
    const cpu = new CpuState({ id: 0 });
    cpu.enterLongMode({ root: 0x5000, la57: true, pge: true, nxe: true, pcid: 42 });
    expect(cpu.levels).toBe(5);
    expect(cpu.pcid).toBe(42);
    expect((cpu.cr0 & (CR0_PE | CR0_PG | CR0_WP)) >>> 0).toBe((CR0_PE | CR0_PG | CR0_WP) >>> 0);
    expect(cpu.cr4 & CR4_PGE).toBe(CR4_PGE);
    expect(cpu.wp && cpu.pge && cpu.la57).toBe(true);
  });
});
