import type { Command } from 'commander';
import { printJson, printTable } from '../output.js';
import type { Cell } from '../table.js';

/** `kernel-sim run WORKLOAD.json [--json]`: boot the workload's machine and run it. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('boot the machine a workload file names and run the workload (allocation churn, a mapping or a DMA workload)')
    .argument('<workload>', 'a workload JSON file: { machine, bugs?, check?, kernelPageTable?: "none" | "kspace" (mapping only), workload: { kind: "churn" | "mapping" | "dma", ... } } (see datasets/workloads/)')
    .option('--json', 'print the run (boot figures, totals, and fragmentation samples or per-CPU TLB counters) as JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const { runWorkloadFile, workloadRunJson } = await import('../../experiments/index.js');
      const out = workloadRunJson(runWorkloadFile(path));
      if (opts.json) return printJson(out);
      printTable([flat(out.totals as Record<string, unknown>)]);
      // A churn run ends with fragmentation per order, a mapping run with each CPU's TLB counters, a DMA run with each unit's faults.
      printTable(((out.fragmentation ?? out.cpus ?? out.units) as Record<string, unknown>[]).map((row) => flat(row)));
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
