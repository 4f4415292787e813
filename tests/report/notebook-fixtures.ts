import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Notebook } from '../../kernel-sim/report/index.js';

/** A cell description: code by default, markdown with `md:` prefix. */
export type CellSpec = string | { markdown: string };

/** An nbformat 4.5 notebook of `cells` (ids `c0`, `c1`, …). */
export function makeNotebook(cells: readonly CellSpec[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'kernel-sim', display_name: 'TypeScript (kernel-sim)', language: 'typescript' } },
    cells: cells.map((c, i) =>
      typeof c === 'string'
        ? { cell_type: 'code', id: `c${i}`, metadata: { tag: i }, source: c, execution_count: null, outputs: [] }
        : { cell_type: 'markdown', id: `c${i}`, metadata: {}, source: c.markdown },
    ),
  };
}

const created: string[] = [];

/** A fresh folder under the OS temp dir, removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'kernel-sim-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every folder {@link tempDir} made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a notebook of `cells` to `dir/name` and returns its path. */
export function writeNotebook(dir: string, name: string, cells: readonly CellSpec[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(makeNotebook(cells), null, 1));
  return path;
}

/** A cell that charts two bars through the project's viz helpers (as a notebook would). */
export const CHART_CELL = [
  "import { toSvg, show, barChart } from 'kernel-sim/viz';",
  "const spec = barChart({ values: [{ k: 'a', n: 1 }, { k: 'b', n: 2 }], category: 'k', value: 'n', title: 'two bars' });",
  'const svg = await toSvg(spec);',
  'await show(spec);',
].join('\n');

/** `<script src=…>` / `<link href=…>` / any `src` pointing at the network. */
export const NETWORK_REFERENCE = /<(script|link)\b[^>]*(src|href)\s*=\s*["']?\s*(https?:)?\/\/|\ssrc\s*=\s*["']?\s*(https?:)?\/\//i;
