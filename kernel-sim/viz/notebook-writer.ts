import { createRequire } from 'module';
import * as path from 'path';

/** The display writer the tslab kernel installs for the running cell. */
export type DisplayWriter = (
  msg: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> },
  update: boolean,
) => void;

const JUPYTER_MODULE = ['', 'tslab', 'dist', 'jupyter.js'].join(path.sep);

/**
 * The tslab display writer of the current cell, or `undefined` outside a tslab kernel.
 *
 * Looks in Node's CommonJS module cache rather than requiring tslab: inside the kernel
 * `tslab/dist/jupyter` is already loaded (the same instance the kernel writes through),
 * while in plain Node loading it would pull in a whole TypeScript compiler for nothing.
 * `createRequire` gives the cache in both CommonJS (tslab cells) and ESM (CLI, tests).
 */
export function currentDisplayWriter(): DisplayWriter | undefined {
  const cache = createRequire(path.join(process.cwd(), 'index.js')).cache;
  for (const key of Object.keys(cache)) {
    if (!key.endsWith(JUPYTER_MODULE)) continue;
    const exported = cache[key]?.exports as { lastWriteDisplayData?: unknown } | undefined;
    if (exported && typeof exported.lastWriteDisplayData === 'function') {
      return exported.lastWriteDisplayData as DisplayWriter;
    }
  }
  return undefined;
}

/** True when running inside a tslab kernel that has executed at least one cell. */
export function inNotebook(): boolean {
  return currentDisplayWriter() !== undefined;
}
