import type { Command } from 'commander';
import { requireFile, requireText } from '../input-file.js';
import { printJson, printTable } from '../output.js';
import { withStepProgress } from '../progress.js';
import type { Cell } from '../table.js';
import { index1000 } from '../units.js';

/** `kernel-sim run WORKLOAD.json [--json]`: boot the workload's machine and run it. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('boot the machine a workload file names and run the workload (allocation churn, a mapping or a DMA workload)')
    .argument('<workload>', 'a workload JSON file: { machine, bugs?, check?, kernelPageTable?: "none" | "kspace" (mapping only), workload: { kind: "churn" | "mapping" | "dma", ... } } (see datasets/workloads/)')
    .option('--json', 'print the run (boot figures, totals, and fragmentation samples or per-CPU TLB counters) as JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      requireFile(path, 'a workload JSON file');
      requireText(path, 'a workload JSON file');
      const { runWorkloadFile, workloadRunJson } = await import('../../experiments/index.js');
      const run = withStepProgress('run', !opts.json, 'steps', (onProgress) => runWorkloadFile(path, { onProgress }));
      const out = workloadRunJson(run);
      if (opts.json) return printJson(out);
      // Totals one per line: a mapping run has two dozen counters.
      printTable(Object.entries(flat(out.totals as Record<string, unknown>)).map(([total, value]) => ({ total, value })), { title: 'totals' });
      process.stdout.write('\n');
      if (out.fragmentation) {
        // Linux's indices, kept in thousandths, printed as Linux prints them (-1.000: not applicable).
        const rows = (out.fragmentation as Record<string, number>[]).map((r) => ({ ...r, unusable_index: index1000(r.unusable_index!), extfrag_index: index1000(r.extfrag_index!) }));
        printTable(rows, { title: 'fragmentation per order at the end of the run' });
      } else if (out.cpus) printTable((out.cpus as Record<string, unknown>[]).map((row) => flat(row)), { title: 'TLB counters per CPU' });
      else printTable(((out.units ?? []) as Record<string, unknown>[]).map((row) => flat(row)), { title: 'faults per remapping unit' });
    });
}

/** Nested counters as `a.b` columns, for a table. */
function flat(o: Record<string, unknown>, prefix = ''): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flat(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v as Cell;
  }
  return out;
}
