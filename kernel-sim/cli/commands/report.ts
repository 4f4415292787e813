import type { Command } from 'commander';

/** `kernel-sim report`: runs every notebook headlessly and writes the offline HTML report. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('execute every notebook in the real tslab kernel and write an offline HTML report under out/')
    .option('--notebooks <dir>', 'folder of .ipynb notebooks', 'notebooks')
    .option('--out <dir>', 'output folder', 'out')
    .option('--json', 'print the run summary as JSON')
    .action(async (opts: { notebooks: string; out: string; json?: boolean }) => {
      // Loaded on demand: the Jupyter client pulls in zeromq, which the other commands never need.
      const { runAll, formatSummary } = await import('../../report/run-notebooks.js');
      // On a terminal, the cell each notebook is at; the notebook's time once it is done.
      const tty = !opts.json && process.stderr.isTTY;
      const summary = await runAll({
        notebooksDir: opts.notebooks,
        outDir: opts.out,
        onCell: tty ? (i, n) => process.stderr.write(`\rrunning cell ${i + 1}/${n}\u001b[K`) : undefined,
        onNotebook: opts.json ? undefined : (n) => process.stderr.write(`${tty ? '\r\u001b[K' : ''}ran ${n.name} in ${(n.durationMs / 1000).toFixed(1)} s\n`),
      });
      process.stdout.write((opts.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)) + '\n');
      if (!summary.ok) process.exitCode = 1;
    });
}
