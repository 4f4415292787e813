/**
 * boot.S's steps around the page table (seed FG4.1.1-FG4.1.6; 232e62b `arch/x86/boot/boot.S`):
 * `initial_boot_setup` (lgdt of the temporary GDT, far return to `24:protected_mode`),
 * `protected_mode` (data segments = 16), `page_table_setup` and `enable_long_mode`
 * (`boot-s.ts`), then `long_mode_in_low_address` (data segments = 0, RSP and RIP ORed with
 * `KERNEL_VMA`). The GDT's four descriptors are written into machine memory with the values of
 * boot.S, and each far return checks the descriptor its selector names, as the CPU would.
 *
 * Simplification: machine/ has no segmentation, so GDTR, the selectors, RSP and RIP live in a
 * {@link BootSRegisters} record beside the {@link CpuState}; RIP is the label reached (in the
 * kernel's high half after the last step). The GDT's place is the caller's choice (boot.S puts it
 * in the `.boot` section).
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { hex, type CpuState, type PhysicalMemory } from '../../machine/index.js';
import { KernelSimError } from '../../util/errors.js';
import { enableLongMode, KERNEL_VMA, writeBootPageTable, type BootSOptions, type BootSPageTable } from './boot-s.js';

/** boot.S's `gdt`: null, 64-bit code (8), data (16), 32-bit code (24). */
export const BOOT_GDT: readonly bigint[] = Object.freeze([0n, 0x00af_9a00_0000_ffffn, 0x00cf_9200_0000_ffffn, 0x00cf_9a00_0000_ffffn]);

/** The state boot.S sets that machine/ does not model. */
export interface BootSRegisters {
  gdtr: { base: number; limit: number } | null;
  cs: number;
  ds: number;
  ss: number;
  es: number;
  fs: number;
  gs: number;
  /** The stack pointer (boot.S's stack; physical until `long_mode_in_low_address`). */
  rsp: bigint;
  /** The label reached, and its address once it is a kernel virtual one. */
  rip: { readonly label: string; readonly va?: bigint };
}

/** A far return to a selector whose descriptor does not fit (the CPU would raise #GP). */
export class BootSegmentError extends KernelSimError {
  constructor(readonly step: string, readonly selector: number, readonly reason: string) {
    super(`${step}: far return to selector ${selector}: ${reason}`);
  }
}

const L_BIT = 1n << 53n;
const D_BIT = 1n << 54n;
const CODE = 0x8n << 40n; // type bit 43: code

function descriptor(memory: PhysicalMemory, regs: BootSRegisters, step: string, selector: number): bigint {
  if (regs.gdtr === null) throw new BootSegmentError(step, selector, 'no GDT loaded');
  if (selector + 7 > regs.gdtr.limit) throw new BootSegmentError(step, selector, `beyond the GDT limit ${hex(regs.gdtr.limit)}`);
  return memory.readU64(regs.gdtr.base + selector);
}

/** `initial_boot_setup`: writes boot.S's GDT at `gdtBase`, `lgdt`, far return to `24:protected_mode` (a 32-bit code segment). */
export function initialBootSetup(memory: PhysicalMemory, gdtBase: number, rsp: bigint): BootSRegisters {
  BOOT_GDT.forEach((d, i) => memory.writeU64(gdtBase + i * 8, d));
  const regs: BootSRegisters = { gdtr: { base: gdtBase, limit: BOOT_GDT.length * 8 - 1 }, cs: 0, ds: 0, ss: 0, es: 0, fs: 0, gs: 0, rsp, rip: { label: 'initial_boot_setup' } };
  const d = descriptor(memory, regs, 'initial_boot_setup', 24);
  if ((d & CODE) === 0n || (d & D_BIT) === 0n || (d & L_BIT) !== 0n) throw new BootSegmentError('initial_boot_setup', 24, `descriptor ${hex(d)} is not a 32-bit code segment`);
  regs.cs = 24;
  regs.rip = { label: 'protected_mode' };
  return regs;
}

/** `protected_mode`: DS, SS, ES, FS, GS = 16 (boot.S's code; the seed's text says 24). */
export function protectedMode(regs: BootSRegisters): void {
  regs.ds = regs.ss = regs.es = regs.fs = regs.gs = 16;
  regs.rip = { label: 'page_table_setup' };
}

/** `long_mode_in_low_address`, reached by the far return to `8:` (a 64-bit code segment): data segments 0, RSP and RIP into the high half. */
export function longModeInLowAddress(memory: PhysicalMemory, regs: BootSRegisters, cpu: CpuState): void {
  const d = descriptor(memory, regs, 'enable_long_mode', 8);
  if ((d & CODE) === 0n || (d & L_BIT) === 0n || !cpu.paging) throw new BootSegmentError('enable_long_mode', 8, `descriptor ${hex(d)} is not a 64-bit code segment, or paging is off`);
  regs.cs = 8;
  regs.ds = regs.ss = regs.es = regs.fs = regs.gs = 0;
  regs.rsp |= KERNEL_VMA;
  regs.rip = { label: 'long_mode', va: KERNEL_VMA };
}

/** What {@link runBootS} leaves. */
export interface BootSResult {
  readonly table: BootSPageTable;
  readonly regs: BootSRegisters;
}

/**
 * boot.S from the Multiboot2 hand-off to `long_mode`: the steps above in order on `cpu`, the
 * page table at `base` and the GDT at `gdtBase`; RSP starts at `boot_stack_top`.
 */
export function runBootS(memory: PhysicalMemory, cpu: CpuState, base: number, gdtBase: number, opts: BootSOptions & { readonly bugs: BugSet }): BootSResult {
  const table = writeBootPageTable(memory, base, opts);
  const regs = initialBootSetup(memory, gdtBase, BigInt(table.stack.end));
  protectedMode(regs);
  regs.rip = { label: 'enable_long_mode' };
  enableLongMode(cpu, table.pml4, opts.bugs);
  longModeInLowAddress(memory, regs, cpu);
  return { table, regs };
}
