/**
 * The real `kernel-sim` command as a user runs it after `npm ci`: `node bin/kernel-sim.js`, which
 * runs the compiled JavaScript in dist/. {@link ensureBuilt} rebuilds dist/ first when a source is
 * newer than the last build, so a test never runs stale code.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = 'kernel-sim';
// tsc rewrites its build info whenever it emits: its time is the last build's.
const STAMP = join('dist', '.tsbuildinfo');
const LOCK = join('dist', '.building');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return Math.max(newest, statSync('tsconfig.build.json').mtimeMs, statSync('tsconfig.json').mtimeMs);
}

const stale = () => !existsSync(STAMP) || statSync(STAMP).mtimeMs < newestSource(SOURCES);
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds dist/ (`tsc -p tsconfig.build.json`) when it is older than the sources, one test worker at a time, and links the package into node_modules. */
export function ensureBuilt(): void {
  // The notebooks import the package by name through node_modules/kernel-sim (see scripts/).
  if (!existsSync(join('node_modules', 'kernel-sim', 'package.json'))) execFileSync(process.execPath, [join('scripts', 'link-self.mjs')]);
  if (!stale()) return;
  mkdirSync('dist', { recursive: true });
  // mkdir is atomic: the worker that makes the lock builds, the others wait for it to go.
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed run (older than any build) is taken over.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 5 * 60_000) rmdirSync(LOCK);
      else sleep(200);
    }
  }
  try {
    if (stale()) {
      // The `tsc` npm scripts run (node_modules/.bin), the one `npm run build` uses.
      execFileSync(join('node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    }
  } finally {
    rmdirSync(LOCK);
  }
}

/**
 * `kernel-sim/<layer>` from the compiled package (dist/, built first when stale), as notebooks and
 * `kernel-sim` load it; typed as the sources dist/ is built from. A pool it makes runs compiled
 * worker threads, not tsx ones (about 2 s of start-up each).
 */
export async function importCompiled<T>(layer: string): Promise<T> {
  ensureBuilt();
  const spec = `kernel-sim/${layer}`;
  return (await import(/* @vite-ignore */ spec)) as T;
}

/** Runs `kernel-sim ARGS` and returns status, stdout and stderr. */
export function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['bin/kernel-sim.js', ...args], { encoding: 'utf8' });
}

/** Runs `kernel-sim ARGS` with `env` added to the environment. */
export function cliEnv(env: NodeJS.ProcessEnv, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['bin/kernel-sim.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** Runs `kernel-sim ARGS` (which must exit 0) and parses its stdout as JSON. */
export function json(...args: string[]): any {
  return JSON.parse(execFileSync(process.execPath, ['bin/kernel-sim.js', ...args], { encoding: 'utf8' }));
}
