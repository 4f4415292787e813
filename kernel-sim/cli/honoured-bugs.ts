/**
 * The finding IDs each command's `--bugs` honours: the switches on the code the command runs.
 * A command refuses any other ID (an ID it would accept and ignore would be a silent no-op).
 * @module
 */
import type { FindingId } from '../bugs/index.js';
import { bugSet, type BugSet } from '../bugs/index.js';
import { KernelSimError } from '../util/errors.js';

const REGIONS: readonly FindingId[] = ['MEM-01'];
// bootKernel: memory regions, FrameAllocator.init, meta::init (MAX_PADDR, alloc of the metadata pages and its rounding tail).
const BOOT: readonly FindingId[] = [...REGIONS, 'MPA-01', 'MEA-01', 'ALO-02', 'RTL-01'];
// pagewalk also builds boot.S's table and the kernel page table.
const PAGEWALK: readonly FindingId[] = [...BOOT, 'BOO-01', 'BOO-02', 'BOO-04', 'KSP-01', 'KSP-02'];

// iommu boots on the map (MEM-01's regions, MPA-01's MAX_PADDR, RTL-01's metadata tail), maps the
// registers UC with the kernel page table (KSP-02's window), then iommu::init (MOI-02's shared
// table, MOI-03's window, SLP-01's non-leaf entries, FPD-01's and DID-01's context entries) and walks. The other
// boot.S and kspace switches change nothing it shows; CON-04 is unreachable: a bus above 0xff does not parse;
// IOT-01 needs an unmap, which the walk never does (`run` on a DMA workload file and `audit IOT-01` show it).
const IOMMU: readonly FindingId[] = ['MEM-01', 'MPA-01', 'RTL-01', 'KSP-02', 'MOI-02', 'MOI-03', 'SLP-01', 'FPD-01', 'DID-01'];

/** Command name to the IDs its `--bugs` honours. */
export const HONOURED_BUGS: Readonly<Record<string, readonly FindingId[]>> = { regions: REGIONS, boot: BOOT, pagewalk: PAGEWALK, iommu: IOMMU };

/** A finding ID the command cannot honour. */
export class BugsOptionError extends KernelSimError {
  constructor(readonly command: string, readonly id: string, honoured: readonly string[]) {
    super(`${command} --bugs ${id}: ${command} runs no code that ${id} switches; it honours ${honoured.join(', ')} (\`kernel-sim findings\` lists the commands of every ID)`);
  }
}

/** The bug set of `command --bugs value`: unknown IDs and IDs the command does not honour are refused. */
export function commandBugs(command: string, value: string): BugSet {
  const bugs = bugSet(value);
  const honoured = HONOURED_BUGS[command] ?? [];
  for (const id of bugs) if (!honoured.includes(id)) throw new BugsOptionError(command, id, honoured);
  return bugs;
}

/** `--bugs` help text listing what the command honours. */
export function bugsHelp(command: string): string {
  return `audited behaviours to switch on, comma-separated: ${(HONOURED_BUGS[command] ?? []).join(', ')}`;
}
