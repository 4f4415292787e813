import type { Command } from 'commander';
import type { RegionInputKind } from '../../boot/index.js';
import { printJson, printTable } from '../output.js';

/** `kernel-sim regions FILE [--bugs IDS] [--json] [--check]`: the regions after `non_overlapping_regions_from`. */
export function registerRegions(program: Command): void {
  program
    .command('regions')
    .description('memory regions after init_memory_regions / non_overlapping_regions_from')
    .argument('<file>', 'an .mbi file, a boot log with BIOS-e820 lines, or a JSON list [{base, length|end, type}]')
    .option('--bugs <ids>', 'audited behaviours to switch on, comma-separated (e.g. MEM-01)', '')
    .option('--format <kind>', 'input kind instead of guessing: mbi, e820 or json')
    .option('--check', 'also check Verification Target 1 and exit 3 when it fails')
    .option('--json', 'print [{base, end, type}] as JSON (integers exact)')
    .action(async (file: string, opts: { bugs: string; format?: RegionInputKind; json?: boolean; check?: boolean }) => {
      const [{ checkMemoryRegions }, { loadLayout, regionsToJson }, { bugSet }] = await Promise.all([
        import('../../audit/targets/target-01-memory-regions.js'),
        import('../../boot/index.js'),
        import('../../bugs/index.js'),
      ]);
      const layout = loadLayout(file, { bugs: bugSet(opts.bugs), kind: opts.format });
      const regions = regionsToJson(layout.regions);
      const report = opts.check ? checkMemoryRegions(layout) : undefined;
      if (opts.json) printJson(report ? { regions, target1: report } : regions);
      else {
        printTable(regions);
        if (report) printTable(report.properties.map((p) => ({ property: p.property, ok: p.ok, first: p.violations[0] ?? '' })));
      }
      if (report && !report.ok) process.exitCode = 3;
    });
}
