import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Executor, SweepProgress } from '../../sweep/index.js';
import { printJson, printTable } from '../output.js';
import { intOption } from '../options.js';
import { barsWanted, terminalBar } from '../progress.js';

/** Jobs done, failed and time left, on stderr when it is a terminal. */
function sweepBar(enabled: boolean): { update(p: SweepProgress): void; stop(): void } {
  if (!barsWanted(enabled)) return { update: () => {}, stop: () => {} };
  const bar = terminalBar('sweep [{bar}] {value}/{total} jobs, {failed} failed, {eta_formatted} left', { etaBuffer: 50 });
  let started = false;
  return {
    update: (p) => {
      if (!started) {
        started = true;
        bar.start(p.total, p.done, { failed: p.failed });
      } else bar.update(p.done, { failed: p.failed });
    },
    stop: () => started && bar.stop(),
  };
}

/** `kernel-sim sweep SWEEP.json [--out DIR] [--threads N] [--queue redis://...] [--plan] [--summary] [--json]`. */
export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run a sweep file (a grid of workload runs, exploration shards and parser fuzzing batches) on every core or through a Redis queue; results as Parquet')
    .argument('<sweep>', 'a sweep JSON file: { name, timeoutSeconds?, jobs: [{ kind: "workload" | "explore" | "fuzz", ... }] } (see datasets/sweeps/)')
    .option('--out <dir>', 'results folder (default: sweep-results/<name>); a folder with results resumes')
    .option('--threads <n>', 'worker threads (default: every core)')
    .option('--queue <url>', 'put the jobs on the BullMQ queue at redis://HOST:PORT/N for `kernel-sim worker` processes, and gather the results')
    .option('--plan', 'print the jobs the file expands into, without running them')
    .option('--summary', 'print the summary of the results folder, without running')
    .option('--json', 'print as JSON (with --plan: the jobs; with --summary or after a run: every row)')
    .action(async (path: string, opts: { out?: string; threads?: string; queue?: string; plan?: boolean; summary?: boolean; json?: boolean }) => {
      const { localExecutor, loadSweepResults, packageRoot, packageVersion, lockOrderCycles, queueExecutor, readSweepFile, ResultsStore, runSweep, sweepSummary } = await import('../../sweep/index.js');
      const root = packageRoot();
      const plan = readSweepFile(path, root);
      const out = resolve(opts.out ?? `sweep-results/${plan.name}`);
      if (opts.plan) {
        if (opts.json) return printJson(plan);
        return printTable(plan.jobs.map((j) => ({ id: j.id, kind: j.job.kind, timeout_s: j.timeoutMs / 1000, params: JSON.stringify(j.job) })));
      }
      if (!opts.summary) {
        const version = packageVersion(root);
        const store = ResultsStore.open(out, plan, version);
        const onSignal = (): void => {
          store.release();
          process.stderr.write(`kernel-sim: interrupted; ${store.size} of ${plan.jobs.length} results are kept in ${out} (run again to resume)\n`);
          process.exit(130);
        };
        process.once('SIGINT', onSignal);
        let executor: Executor | null = null;
        const bar = sweepBar(!opts.json);
        try {
          executor = opts.queue ? await queueExecutor(opts.queue, plan.sweepId, version) : localExecutor(root, intOption('threads', opts.threads, 1));
          const o = await runSweep(plan, store, executor, (p) => bar.update(p));
          bar.stop();
          if (!opts.json) process.stderr.write(`${plan.name}: ${o.ran} jobs run, ${o.skipped} already in ${out}, ${o.failed} failed\n`);
          if (o.failed > 0) process.exitCode = 3;
        } finally {
          bar.stop();
          process.off('SIGINT', onSignal);
          await executor?.close();
          store.release();
        }
      }
      const { jobs } = loadSweepResults(out);
      if (opts.json) printJson(jobs.objects());
      else {
        printTable(sweepSummary(jobs));
        // Gathered over all shards: a cycle no single shard saw whole is reported here.
        for (const c of lockOrderCycles(jobs)) process.stdout.write(`${c.scenario}: ${c.message}\n`);
      }
    });
}
