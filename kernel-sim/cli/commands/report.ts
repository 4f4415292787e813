import type { Command } from 'commander';

/** `kernel-sim report`: runs every notebook headlessly and writes the offline HTML report. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('execute every notebook in the real tslab kernel and write an offline HTML report under out/')
    .option('--notebooks <dir>', 'folder of .ipynb notebooks', 'notebooks')
    .option('--out <dir>', 'output folder', 'out')
    .action(async (opts: { notebooks: string; out: string }) => {
      const { runAll } = await import('../../report/run-notebooks.js');
      const summary = await runAll({ notebooksDir: opts.notebooks, outDir: opts.out });
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    });
}
