/** A progress bar on a terminal (cli-progress), nothing when stderr is not a TTY or output is JSON. */
import cliProgress from 'cli-progress';

/** A bar with `update(done)` and `stop()`. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

/**
 * The one cli-progress bar every command draws, on stderr: `format` names cli-progress's tokens
 * (`{bar}`, `{value}`, `{total}`, `{eta_formatted}` and any payload token such as `{failed}`).
 * The caller has checked that stderr is a terminal.
 */
export function terminalBar(format: string, opts: { clearOnComplete?: boolean; synchronousUpdate?: boolean; etaBuffer?: number } = {}): cliProgress.SingleBar {
  return new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true, ...opts }, cliProgress.Presets.shades_classic);
}

/** True when a bar may be drawn: asked for, and stderr is a terminal (never in JSON or a pipe). */
export function barsWanted(enabled: boolean): boolean {
  return enabled && process.stderr.isTTY === true;
}

/** A progress bar of `total` steps titled `what` (a run counter when `total` is 0: unknown), on stderr when it is a terminal. */
export function progressBar(what: string, total: number, enabled: boolean): Progress {
  if (!barsWanted(enabled)) return { update: () => {}, stop: () => {} };
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
  const bar = terminalBar(`${what} [{bar}] {value}/{total} runs, {eta_formatted} left`);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

/** Work shorter than this shows no bar (a quick command stays quiet). */
export const SHOW_AFTER_MS = 2000;

/**
 * A bar for synchronous work that reports `(done, total)` steps: nothing until the work has run
 * {@link SHOW_AFTER_MS} (or `KERNEL_SIM_PROGRESS_AFTER_MS`), then a bar with ETA on stderr when it is a terminal; `stop()` clears it.
 * Wall time only decides whether to draw, never what the run does.
 */
export function stepProgress(what: string, enabled: boolean, unit = 'steps'): { onProgress: (done: number, total: number) => void; stop(): void } {
  if (!barsWanted(enabled)) return { onProgress: () => {}, stop: () => {} };
  const started = Date.now();
  // KERNEL_SIM_PROGRESS_AFTER_MS: when the bar may appear (0: at once, as the tests ask).
  const after = Number(process.env.KERNEL_SIM_PROGRESS_AFTER_MS ?? SHOW_AFTER_MS);
  let bar: cliProgress.SingleBar | null = null;
  return {
    onProgress: (done, total) => {
      if (bar === null) {
        if (Date.now() - started < after) return;
        // synchronousUpdate: the work holds the event loop, so the bar redraws from update().
        bar = terminalBar(`${what} [{bar}] {value}/{total} ${unit}, {eta_formatted} left`, { clearOnComplete: true, synchronousUpdate: true });
        bar.start(total, done);
      } else bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

/** Runs `work` with a {@link stepProgress} bar it reports to, and clears the bar however it ends. */
export function withStepProgress<T>(what: string, enabled: boolean, unit: string, work: (onProgress: (done: number, total: number) => void) => T): T {
  const bar = stepProgress(what, enabled, unit);
  try {
    return work(bar.onProgress);
  } finally {
    bar.stop();
  }
}
