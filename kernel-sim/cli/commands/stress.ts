import { appendFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { RunRecord } from '../../audit/stress/index.js';
import { intOption, OptionValueError } from '../options.js';
import { printJson, printTable } from '../output.js';
import { withStepProgress } from '../progress.js';

/** `--seeds 1,2,7` or `--seeds 1..100` as a list. */
export function parseSeeds(v: string): number[] {
  const out: number[] = [];
  for (const part of v.split(',')) {
    const m = /^(\d+)(?:\.\.(\d+))?$/.exec(part.trim());
    if (!m) throw new OptionValueError(`--seeds ${JSON.stringify(v)}: '${part}' is not N or N..M`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b - a > 1_000_000) throw new OptionValueError(`--seeds ${JSON.stringify(v)}: '${part}' is not an increasing range of at most 1,000,000 seeds`);
    for (let s = a; s <= b; s++) out.push(s);
  }
  return out;
}

/** `kernel-sim stress [--ops N] [--seeds S] [--bugs IDS] [--workloads W] [--out FILE] [--matrix] [--json]`. */
export function registerStress(program: Command): void {
  program
    .command('stress')
    .description('seeded random workloads over the model, each against a reference model in checking mode; exit 3 on any detection')
    .option('--ops <n>', 'operations per workload and seed', '2000')
    .option('--seeds <list>', 'seeds: N, N..M, comma-separated', '1')
    .option('--bugs <ids>', 'audited behaviours to switch on, comma-separated', '')
    .option('--workloads <names>', 'comma-separated: allocator, frames, page-table-user, page-table-kernel, vm-space, vm-space-kspace, heap, dma (the default: all these), boot, dma-init (one bring-up per operation)')
    .option('--out <file>', 'append one JSON line per run (workload, seed, ops, detection, cpuMs) to this file as the runs finish')
    .option('--matrix', 'instead: run every switch alone and print the detection matrix (caught by, operations until caught)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { ops: string; seeds: string; bugs: string; workloads?: string; out?: string; matrix?: boolean; json?: boolean }) => {
      const [{ ALL_WORKLOADS, detectionMatrix, runStress }, { bugSet }] = await Promise.all([import('../../audit/stress/index.js'), import('../../bugs/index.js')]);
      if (opts.matrix) {
        const rows = detectionMatrix({ budget: intOption('ops', opts.ops === '2000' ? undefined : opts.ops, 1) });
        if (opts.json) printJson(rows);
        else printTable(rows.map((r) => ({ id: r.id, caughtBy: r.caughtBy ?? '', ops: r.opsUntilCaught ?? '', workload: r.workload ?? '', reason: r.reason ?? '' })));
        return;
      }
      const names = opts.workloads?.split(',').map((s) => s.trim());
      for (const n of names ?? []) if (!ALL_WORKLOADS.some((w) => w.name === n)) throw new OptionValueError(`--workloads: unknown workload '${n}'`);
      const out = opts.out;
      const seeds = parseSeeds(opts.seeds);
      const onRun = out === undefined ? undefined : (r: RunRecord): void => appendFileSync(out, JSON.stringify(r) + '\n');
      const report = withStepProgress('stress', !opts.json, 'runs', (onProgress) =>
        runStress({ ops: intOption('ops', opts.ops, 1), seeds, bugs: bugSet(opts.bugs), workloads: names, onProgress, ...(onRun ? { onRun } : {}) }));
      if (opts.json) printJson(report);
      else {
        printTable([{ ops: report.ops, runs: report.runs, detections: report.detections.length, bugs: report.bugs.join(',') }]);
        printTable(report.detections.map((d) => ({ workload: d.workload, seed: d.seed, ops: d.ops, caughtBy: d.caughtBy, message: d.message.slice(0, 120) })));
      }
      if (report.detections.length > 0) process.exitCode = 3;
    });
}
