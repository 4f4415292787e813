import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json and node_modules live), found from this file. */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}
