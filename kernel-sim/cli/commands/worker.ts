import type { Command } from 'commander';
import { intOption } from '../options.js';

/** `kernel-sim worker redis://HOST:PORT/N [--threads N] [--lock-seconds S]`: serve sweep jobs until stopped. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take sweep jobs from the BullMQ queue at a Redis URL and run them on every core, until stopped (SIGINT/SIGTERM)')
    .argument('<url>', 'redis://HOST:PORT/N, the URL given to `kernel-sim sweep --queue`')
    .option('--threads <n>', 'worker threads (default: every core)')
    .option('--lock-seconds <s>', 'job lock: a dead worker\'s jobs return to the queue after about this long', '30')
    .option('--quiet', 'no line per job on stderr')
    .action(async (url: string, opts: { threads?: string; lockSeconds: string; quiet?: boolean }) => {
      const { packageRoot, packageVersion, startQueueWorker } = await import('../../sweep/index.js');
      const root = packageRoot();
      const w = await startQueueWorker({
        url,
        root,
        version: packageVersion(root),
        threads: intOption('threads', opts.threads, 1),
        lockMs: 1000 * intOption('lock-seconds', opts.lockSeconds, 1)!,
        onJob: opts.quiet ? undefined : (r) => process.stderr.write(`job ${r.id} ${r.status} ${r.elapsedMs.toFixed(0)} ms${r.error ? `: ${r.error}` : ''}\n`),
      });
      const stop = (): void => void w.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stderr.write(`kernel-sim worker ${process.pid} serving ${url}\n`);
      try {
        await w.done;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
