/** A progress bar on a terminal (cli-progress), nothing when stderr is not a TTY or output is JSON. */
import cliProgress from 'cli-progress';

/** A bar with `update(done)` and `stop()`. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** A progress bar of `total` steps titled `what` (a run counter when `total` is 0: unknown), on stderr when it is a terminal. */
export function progressBar(what: string, total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  if (total === 0) {
    let shown = false;
    return {
      update: (done) => {
        shown = true;
        process.stderr.write(`\r${what}: ${done} runs`);
      },
      stop: () => shown && process.stderr.write('\n'),
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${what} [{bar}] {value}/{total} runs, {eta_formatted} left`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
