/**
 * `tlb_flush_all_excluding_global` and `tlb_flush_all_including_global` (FG4.2.3).
 * @module
 */
import { CR4_PGE, type CpuState } from '../../machine/index.js';
import { markFlush, reportSince, type FlushReport } from './flush-report.js';

/** `tlb_flush_all_excluding_global`: reloads CR3 with its own value (x86_64 `tlb::flush_all`). */
export function tlbFlushAllExcludingGlobal(cpu: CpuState): FlushReport {
  const m = markFlush(cpu);
  cpu.writeCr3(cpu.cr3); // CR3 as held never has bit 63, so this flushes under PCIDE too
  return reportSince(cpu, m, 'full-excluding-global');
}

/**
 * `tlb_flush_all_including_global`: clears then sets CR4.PGE. As at 232e62b, PGE is left set
 * afterwards even if it was clear before (the crate's `Cr4::update` sets it unconditionally).
 */
export function tlbFlushAllIncludingGlobal(cpu: CpuState): FlushReport {
  const m = markFlush(cpu);
  cpu.writeCr4(cpu.cr4 & ~CR4_PGE);
  cpu.writeCr4(cpu.cr4 | CR4_PGE);
  return reportSince(cpu, m, 'full-including-global');
}
