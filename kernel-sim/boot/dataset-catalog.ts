/**
 * The checked-in datasets: real Multiboot2 captures (datasets/mbi/manifest.json) and real e820
 * maps from public boot logs (datasets/e820/manifest.json).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One dataset file and what it is. */
export interface Dataset {
  /** Short name, e.g. `q35-4G` or `dell-xps-13-9370`. */
  readonly name: string;
  readonly kind: 'mbi' | 'e820';
  /** Path of the file (relative to the working directory unless `root` was absolute). */
  readonly path: string;
  readonly sha256: string;
  /** One line on where it comes from. */
  readonly description: string;
}

interface MbiManifest { captures: { name: string; file: string; sha256: string; description: string }[] }
interface E820Manifest { file: string; sha256: string; machine: string; source: string }

/** Every dataset, captures first, read from the manifests under `root` (default `datasets`). */
export function listDatasets(root = 'datasets'): Dataset[] {
  const mbi = JSON.parse(readFileSync(join(root, 'mbi', 'manifest.json'), 'utf8')) as MbiManifest;
  const e820 = JSON.parse(readFileSync(join(root, 'e820', 'manifest.json'), 'utf8')) as E820Manifest[];
  return [
    ...mbi.captures.map((c): Dataset => ({ name: c.name, kind: 'mbi', path: join(root, 'mbi', c.file), sha256: c.sha256, description: c.description })),
    ...e820.map((e): Dataset => ({
      name: e.file.replace(/\.txt$/, ''),
      kind: 'e820',
      path: join(root, 'e820', e.file),
      sha256: e.sha256,
      description: `${e.machine} (e820 from a public boot log)`,
    })),
  ];
}
