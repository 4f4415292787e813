/**
 * The package's root folder and version, found from this file (the same two levels up from
 * `kernel-sim/util/` and from compiled `dist/util/`). Jobs name files relative to the root, and
 * carry the version, which a worker must share.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json, node_modules and datasets/ are). Not for code that tslab cells import: `import.meta` does not survive its CommonJS compile. */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The package version from package.json. */
export function packageVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version;
}
