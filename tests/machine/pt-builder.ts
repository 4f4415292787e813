// Test helpers: memory, the machine's page-table writer and a CPU in long mode.
import { PhysicalMemory, CpuState } from '../../kernel-sim/machine/index.js';

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;

/** The page-table writer of machine/ under the name the tests use. */
export { PageTableWriter as PtBuilder } from '../../kernel-sim/machine/index.js';
import type { PageTableWriter as PtBuilder } from '../../kernel-sim/machine/index.js';

/** 1 GiB of RAM at 0 (tables from 512 MiB). */
export function newMemory(): PhysicalMemory {
  return new PhysicalMemory([{ start: 0, end: GiB }, { start: 4 * GiB, end: 8 * GiB }]);
}

/** A CPU in long mode on `pt` with NXE and WP, optionally PGE and a PCID. */
export function longModeCpu(pt: PtBuilder, opts: { pge?: boolean; pcid?: number; nxe?: boolean; id?: number; geometry?: import('../../kernel-sim/machine/index.js').TlbGeometry } = {}): CpuState {
  const cpu = new CpuState({ id: opts.id ?? 0, geometry: opts.geometry });
  cpu.enterLongMode({ root: pt.root, la57: pt.levels === 5, pge: opts.pge ?? true, nxe: opts.nxe ?? true, pcid: opts.pcid });
  return cpu;
}
