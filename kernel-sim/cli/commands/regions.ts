import { Option, type Command } from 'commander';
import type { RegionInputKind } from '../../boot/index.js';
import { bugsHelp, commandBugs } from '../honoured-bugs.js';
import { printJson, printTable } from '../output.js';
import { loadRegionFile, REGION_FORMATS, REGION_INPUT } from '../region-file.js';
import { hexAddr, size } from '../units.js';

/** `kernel-sim regions FILE [--bugs IDS] [--json] [--check]`: the regions after `non_overlapping_regions_from`. */
export function registerRegions(program: Command): void {
  program
    .command('regions')
    .description('memory regions after init_memory_regions / non_overlapping_regions_from')
    .argument('<file>', `${REGION_INPUT} ([{base, length|end, type}])`)
    .option('--bugs <ids>', bugsHelp('regions'), '')
    .addOption(new Option('--format <kind>', 'input kind instead of the file name\'s extension or content').choices(REGION_FORMATS as string[]))
    .option('--check', 'also check Verification Target 1 and exit 3 when it fails')
    .option('--json', 'print { regions: [{base, end, type}], target1? } as JSON (integers exact)')
    .action(async (file: string, opts: { bugs: string; format?: RegionInputKind; json?: boolean; check?: boolean }) => {
      const bugs = commandBugs('regions', opts.bugs);
      const [{ checkMemoryRegions }, { regionsToJson }] = await Promise.all([
        import('../../audit/targets/target-01-memory-regions.js'),
        import('../../boot/index.js'),
      ]);
      const layout = await loadRegionFile(file, { bugs, format: opts.format });
      const regions = regionsToJson(layout.regions);
      const report = opts.check ? checkMemoryRegions(layout) : undefined;
      if (opts.json) printJson(report ? { regions, target1: report } : { regions });
      else {
        printTable(layout.regions.map((r) => ({ base: hexAddr(r.base), end: hexAddr(r.base + r.len), size: size(Number(r.len)), type: r.type })));
        if (report) {
          process.stdout.write(`\nVerification Target 1 (memory regions) on ${layout.regions.length} regions: ${report.ok ? 'held' : 'FAILED'}\n`);
          printTable(report.properties.map((p) => ({ property: p.property, result: p.ok ? 'held' : 'FAILED', 'first violation': p.violations[0] ?? '' })));
        }
      }
      if (report && !report.ok) process.exitCode = 3;
    });
}
