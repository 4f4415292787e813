/** Where the kernel-sim checkout, its tslab and the Jupyter data folders are. */
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout (or installed package) root: the folder holding package.json and dist/. */
export function checkoutRoot(): string {
  // This file is <root>/dist/cli/jupyter/paths.js (or <root>/kernel-sim/cli/jupyter/paths.ts).
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/** tslab's main module (dist/main.js), resolved from kernel-sim's own dependencies. */
export function tslabMain(): string {
  return join(dirname(createRequire(import.meta.url).resolve('tslab/package.json')), 'dist', 'main.js');
}

/** True when `path` is `dir` or below it. */
export function isInside(path: string, dir: string): boolean {
  const r = relative(dir, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** Jupyter's per-user data folder, as jupyter_core finds it on Linux. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
  return join(env.XDG_DATA_HOME ? resolve(env.XDG_DATA_HOME) : join(homedir(), '.local', 'share'), 'jupyter');
}

/** The system-wide data folder jupyter_client installs into without --user or --prefix. */
export const SYSTEM_DATA_DIR = '/usr/local/share/jupyter';
