import type { Command } from 'commander';
import { runWorkloadFile, workloadRunJson } from '../../experiments/index.js';
import { printJson, printTable } from '../output.js';

/** `kernel-sim run WORKLOAD.json [--json]`: boot the workload's machine and run it. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('boot the machine a workload file names and run the workload (allocation churn)')
    .argument('<workload>', 'a workload JSON file: { machine, bugs?, check?, workload: { kind: "churn", seed, steps, orders, lifetime, longLivedFraction } }')
    .option('--json', 'print the run (boot figures, totals, fragmentation samples) as JSON')
    .action((path: string, opts: { json?: boolean }) => {
      const out = workloadRunJson(runWorkloadFile(path));
      if (opts.json) return printJson(out);
      printTable([out.totals as Record<string, unknown>]);
      printTable(out.fragmentation as Record<string, unknown>[]);
    });
}
