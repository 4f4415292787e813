import { InvalidArgumentError, type Command } from 'commander';
import { bugsHelp, commandBugs } from '../honoured-bugs.js';
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
    .option('--map <pages>', 'first map a DmaStream of this many pages for the device', pageCount)
    .option('--write', 'walk for a write (default a read)')
    .option('--bugs <ids>', bugsHelp('iommu'), '')
    .option('--json', 'print the walk as JSON')
    .action(async (file: string, device: string, daddr: string | undefined, opts: { map?: number; write?: boolean; bugs: string; json?: boolean }) => {
      const bugs = [...commandBugs('iommu', opts.bugs)];
      const { walkDeviceAfterInit } = await import('../../experiments/index.js');
      const w = walkDeviceAfterInit(file, device, daddr, { bugs, ...(opts.map !== undefined ? { mapPages: opts.map } : {}), write: opts.write ?? false });
      if (opts.json) return printJson(w);
      if (w.mapped) process.stdout.write(`mapped ${w.mapped.pages} page(s) for ${w.device}: daddr ${w.mapped.daddr} -> paddr ${w.mapped.paddr}\n`);
      printTable(w.steps.map((s) => ({ stage: s.stage, index: s.index, entryAddress: s.entryAddress, entry: s.entry, fields: s.fields.join(' '), next: s.next })));
      if (w.fault) process.stdout.write(`${w.device} ${w.write ? 'write' : 'read'} at ${w.deviceAddress}: blocked, fault reason ${w.fault.reason} (${w.fault.description})\n`);
      else process.stdout.write(`${w.device} ${w.deviceAddress} -> ${w.paddr ?? ''} (${w.outcome}${w.pageSize ? `, ${w.pageSize} byte page` : ''})\n`);
    });
}

function pageCount(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 512) throw new InvalidArgumentError(`'${v}' is not a page count from 1 to 512`);
  return Number(v);
}
