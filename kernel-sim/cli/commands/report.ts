import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { intOption } from '../options.js';

/** `kernel-sim report [--notebooks DIR] [--out DIR] [--jobs N] [--json]`: runs every notebook headlessly and writes the offline HTML report. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('execute every notebook in the real tslab kernel and write an offline HTML report under out/')
    .option('--notebooks <dir>', 'folder of .ipynb notebooks', 'notebooks')
    .option('--out <dir>', 'output folder', 'out')
    .option('--jobs <n>', 'notebooks run at once, each in its own kernel (default: every core)')
    .option('--json', 'print the run summary as JSON')
    .action(async (opts: { notebooks: string; out: string; jobs?: string; json?: boolean }) => {
      const jobs = intOption('jobs', opts.jobs, 1) ?? availableParallelism();
      // Loaded on demand: the Jupyter client pulls in zeromq, which the other commands never need.
      const { runAll, formatSummary } = await import('../../report/run-notebooks.js');
      // On a terminal, the cell each running notebook is at; each notebook's time once it is done.
      const tty = !opts.json && process.stderr.isTTY;
      const running = new Map<string, string>();
      const draw = () => {
        const line = `running ${[...running].map(([name, at]) => `${name} ${at}`).join(', ')}`;
        process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 80) - 1)}\u001b[K`);
      };
      const summary = await runAll({
        notebooksDir: opts.notebooks,
        outDir: opts.out,
        concurrency: jobs,
        onNotebookCell: tty
          ? (name, i, n) => {
              running.set(name, `cell ${i + 1}/${n}`);
              draw();
            }
          : undefined,
        onNotebook: opts.json
          ? undefined
          : (n) => {
              running.delete(n.name);
              process.stderr.write(`${tty ? '\r\u001b[K' : ''}ran ${n.name} in ${(n.durationMs / 1000).toFixed(1)} s\n`);
              if (tty && running.size > 0) draw();
            },
      });
      process.stdout.write((opts.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)) + '\n');
      if (!summary.ok) process.exitCode = 1;
    });
}
