import type { Command } from 'commander';
import { walkDeviceAfterInit } from '../../experiments/index.js';
import { printJson, printTable } from '../output.js';

/**
 * `kernel-sim iommu FILE DEVICE [DADDR] [--map PAGES] [--write] [--bugs IDS] [--json]`: boots the
 * kernel with its IOMMU driver on FILE, optionally maps a buffer for DEVICE, and shows the
 * remapping unit's walk of DADDR through root, context and second-level entries, or the fault.
 */
export function registerIommu(program: Command): void {
  program
    .command('iommu')
    .description('walk a device address through the IOMMU\'s root, context and second-level entries after iommu::init')
    .argument('<file>', 'an .mbi file, a boot log with BIOS-e820 lines, or a JSON region list (regions below 4 GiB are used)')
    .argument('<device>', 'the PCI device, bb:dd.f (e.g. 00:03.0)')
    .argument('[daddr]', 'the device address (default: the start of the --map buffer)')
    .option('--map <pages>', 'first map a DmaStream of this many pages for the device', (v) => Number(v))
    .option('--write', 'walk for a write (default a read)')
    .option('--bugs <ids>', 'audited behaviours to switch on, comma-separated (e.g. MOI-02)', '')
    .option('--json', 'print the walk as JSON')
    .action((file: string, device: string, daddr: string | undefined, opts: { map?: number; write?: boolean; bugs: string; json?: boolean }) => {
      const bugs = opts.bugs.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const w = walkDeviceAfterInit(file, device, daddr, { bugs, ...(opts.map !== undefined ? { mapPages: opts.map } : {}), write: opts.write ?? false });
      if (opts.json) return printJson(w);
      if (w.mapped) process.stdout.write(`mapped ${w.mapped.pages} page(s) for ${w.device}: daddr ${w.mapped.daddr} -> paddr ${w.mapped.paddr}\n`);
      printTable(w.steps.map((s) => ({ stage: s.stage, index: s.index, entryAddress: s.entryAddress, entry: s.entry, fields: s.fields.join(' '), next: s.next })));
      if (w.fault) process.stdout.write(`${w.device} ${w.write ? 'write' : 'read'} at ${w.deviceAddress}: blocked, fault reason ${w.fault.reason} (${w.fault.description})\n`);
      else process.stdout.write(`${w.device} ${w.deviceAddress} -> ${w.paddr ?? ''} (${w.outcome}${w.pageSize ? `, ${w.pageSize} byte page` : ''})\n`);
    });
}
