/**
 * boot.S's page table and long-mode entry (seed FG4.1.4-FG4.1.5; 232e62b
 * `arch/x86/boot/boot.S` `page_table_setup`, `enable_long_mode`), written into machine memory
 * with the real x86-64 bit layout and entered through a {@link CpuState}'s setters, so the
 * #GP rules of MOV CR0/CR3/CR4 and WRMSR apply.
 *
 * Six zeroed pages: PML4, PDPT, PD 0-1G, 1-2G, 2-3G, 3-4G. `PML4[0, 0x100, 0x1ff]` → PDPT;
 * `PDPT[0..4]` → the four PDs; `PDPT[0x1fe]` → PD 0-1G, `PDPT[0x1ff]` → PD 1-2G; the 2048 PD
 * entries map 0-4 GiB with 2 MiB pages. Translations:
 * - `0x0000_0000_0000_0000..+4G` identity; `0x0000_007f_8000_0000..+2G` → 0-2 GiB
 * - `0xffff_8000_0000_0000..+4G` → 0-4 GiB; `0xffff_807f_8000_0000..+2G` → 0-2 GiB
 * - `0xffff_ff80_0000_0000..+4G` → 0-4 GiB; `0xffff_ffff_8000_0000..+2G` → 0-2 GiB (the kernel's)
 *
 * Findings:
 * - BOO-01 (switch): audited, every entry carries PTE_GLOBAL (bit 8; ignored in non-leaf
 *   entries, effective in the 2 MiB leaves), so with CR4.PGE the boot translations survive the
 *   CR3 switch to the kernel page table; fixed, no G bit.
 * - BOO-04 (switch): audited, MMIO is mapped write-back like RAM; fixed, the 2 MiB pages that
 *   overlap an MMIO range get PCD|PWT (PAT slot 3, UC). boot.S runs before any memory map is
 *   read, so the fixed ranges are static ({@link BOOT_MMIO_RANGES}: IOAPIC, HPET, LAPIC) unless given.
 * - BOO-02 (switch): audited, `enable_long_mode` ORs only CR0.PG into CR0 and relies on the boot
 *   loader's CR0.PE: with PE clear, MOV CR0 raises #GP; fixed, PE|PG are both set.
 * - BOO-03 (documented, not a switch): the boot stack is {@link BOOT_STACK_SIZE} (256 KiB), placed
 *   right after `boot_page_table_end`; an overflow runs down into `boot_pd_3g_4g`. Nothing the model
 *   executes uses that stack, so there is no observable behaviour to switch.
 *
 * The steps around these (`initial_boot_setup`, `protected_mode`, `long_mode_in_low_address`:
 * the GDT, segment loads, far returns, RSP/RIP to the high half) are in `boot-s-steps.ts`.
 * Where the six pages lie (in 232e62b, the image's `.boot` section) is the caller's choice.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import {
  CR0_PE, CR0_PG, EFER_LME, hex, PAGE_SIZE, type CpuState, type PhysicalMemory, type PhysRange,
} from '../../machine/index.js';
import { KernelSimError } from '../../util/errors.js';

/** boot.S's `PTE_PRESENT`. */
export const BOOT_PTE_PRESENT = 1;
/** boot.S's `PTE_WRITE`. */
export const BOOT_PTE_WRITE = 1 << 1;
/** boot.S's `PTE_HUGE`. */
export const BOOT_PTE_HUGE = 1 << 7;
/** boot.S's `PTE_GLOBAL` (BOO-01). */
export const BOOT_PTE_GLOBAL = 1 << 8;
/** PWT | PCD: PAT slot 3, UC with the power-on PAT (BOO-04 fixed). */
export const BOOT_PTE_UC = (1 << 3) | (1 << 4);
/** Pages from `boot_page_table_start` to `boot_page_table_end`. */
export const BOOT_PT_PAGES = 6;
/** `boot_stack_top - boot_stack_bottom` (BOO-03): 256 KiB, right after the page table. */
export const BOOT_STACK_SIZE = 0x40000;
/** boot.S's `KERNEL_VMA`: RSP and RIP are ORed with it after entering long mode. */
export const KERNEL_VMA = 0xffff_ffff_8000_0000n;
/** CR4 bits boot.S ORs in: PAE | PGE. */
export const BOOT_CR4_BITS = 0xa0;

/** Statically known MMIO (IOAPIC 0xfec00000, HPET 0xfed00000, LAPIC 0xfee00000) for BOO-04 fixed. */
export const BOOT_MMIO_RANGES: readonly PhysRange[] = Object.freeze([
  { start: 0xfec0_0000, end: 0xfec0_1000 },
  { start: 0xfed0_0000, end: 0xfed0_1000 },
  { start: 0xfee0_0000, end: 0xfee0_1000 },
]);

/** The six pages of boot.S's table. */
export interface BootSPageTable {
  /** `boot_page_table_start` (= `boot_pml4`). */
  readonly start: number;
  /** `boot_page_table_end`. */
  readonly end: number;
  readonly pml4: number;
  readonly pdpt: number;
  /** `boot_pd_0g_1g` .. `boot_pd_3g_4g`. */
  readonly pds: readonly number[];
  /** `boot_stack_bottom` .. `boot_stack_top` (not written: BOO-03 documents its size). */
  readonly stack: PhysRange;
  /** 2 MiB pages given PCD|PWT (BOO-04 fixed), by physical base. */
  readonly uncachedPages: readonly number[];
}

/** Options of {@link writeBootPageTable}. */
export interface BootSOptions {
  /** BOO-01 / BOO-04 audited when present. */
  readonly bugs: BugSet;
  /** MMIO ranges to map uncached when BOO-04 is fixed (default {@link BOOT_MMIO_RANGES}). */
  readonly mmio?: readonly PhysRange[];
}

/** A bad placement of boot.S's table. */
export class BootPageTableError extends KernelSimError {}

/**
 * `page_table_setup`: zeroes six pages at `base` and writes boot.S's entries.
 * @throws BootPageTableError for a base that is not 4 KiB aligned or pages beyond 4 GiB (boot.S
 *   runs in 32-bit mode and writes 32-bit table addresses)
 * @throws PhysicalMemoryFault when the pages are not RAM
 */
export function writeBootPageTable(memory: PhysicalMemory, base: number, opts: BootSOptions): BootSPageTable {
  const end = base + BOOT_PT_PAGES * PAGE_SIZE;
  if (!Number.isInteger(base) || base < 0 || base % PAGE_SIZE !== 0) throw new BootPageTableError(`boot page table base ${hex(base)} is not 4 KiB aligned`);
  if (end > 2 ** 32) throw new BootPageTableError(`boot page table [${hex(base)}, ${hex(end)}) must lie below 4 GiB (32-bit addresses in boot.S)`);
  memory.zero(base, end - base);
  const g = opts.bugs.has('BOO-01') ? BOOT_PTE_GLOBAL : 0;
  const table = BOOT_PTE_PRESENT | BOOT_PTE_WRITE | g;
  const pml4 = base;
  const pdpt = base + PAGE_SIZE;
  const pds = [0, 1, 2, 3].map((i) => base + (2 + i) * PAGE_SIZE);
  const put = (tbl: number, idx: number, lo: number): void => {
    memory.writeU32(tbl + idx * 8, lo >>> 0);
    memory.writeU32(tbl + idx * 8 + 4, 0);
  };
  for (const i of [0, 0x100, 0x1ff]) put(pml4, i, pdpt + table);
  for (let i = 0; i < 4; i++) put(pdpt, i, pds[i]! + table);
  put(pdpt, 0x1fe, pds[0]! + table);
  put(pdpt, 0x1ff, pds[1]! + table);
  const uc = opts.bugs.has('BOO-04') ? [] : opts.mmio ?? BOOT_MMIO_RANGES;
  const uncachedPages: number[] = [];
  // `write_pd_entry`: 512 * 4 consecutive entries from boot_pd, +2 MiB each.
  for (let n = 0; n < 2048; n++) {
    const pa = n * 0x20_0000;
    const mmio = uc.some((r) => r.start < pa + 0x20_0000 && r.end > pa);
    if (mmio) uncachedPages.push(pa);
    put(pds[0]!, n, pa + (table | BOOT_PTE_HUGE | (mmio ? BOOT_PTE_UC : 0)));
  }
  return { start: base, end, pml4, pdpt, pds, stack: { start: end, end: end + BOOT_STACK_SIZE }, uncachedPages };
}

/**
 * `enable_long_mode`: CR4 |= PAE|PGE, CR3 = `boot_pml4`, EFER |= LME, then CR0 |= PG (BOO-02
 * audited) or PE|PG (fixed), each through the CPU's setters.
 * @throws GeneralProtectionFault as the hardware would (e.g. BOO-02 audited with CR0.PE clear)
 */
export function enableLongMode(cpu: CpuState, pml4: number, bugs: BugSet): void {
  cpu.writeCr4(cpu.cr4 | BOOT_CR4_BITS);
  cpu.writeCr3(BigInt(pml4));
  cpu.writeEfer(cpu.efer | EFER_LME);
  cpu.writeCr0(cpu.cr0 | (bugs.has('BOO-02') ? CR0_PG : CR0_PE | CR0_PG));
}

/** The Multiboot2 hand-off state boot.S assumes: 32-bit protected mode (CR0.PE) without paging. */
export function multibootHandoff(cpu: CpuState): void {
  cpu.writeCr0(cpu.cr0 | CR0_PE);
}
