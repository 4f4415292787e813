import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRuns, renderReport, withoutTimings } from '../../kernel-sim/report/index.js';
import type { Notebook } from '../../kernel-sim/report/index.js';
import { makeNotebook, removeTempDirs, tempDir } from './notebook-fixtures.js';

afterAll(removeTempDirs);

/** A fake `npm start` output folder: one executed notebook printing `text`, run for `ms`. */
function outFolder(text: string, ms: number): string {
  const dir = tempDir();
  const nb: Notebook = makeNotebook([{ markdown: '# T' }, 'print()']);
  const cell = nb.cells[1]!;
  if (cell.cell_type === 'code') {
    cell.execution_count = 1;
    cell.outputs = [{ output_type: 'stream', name: 'stdout', text }];
  }
  mkdirSync(join(dir, 'notebooks'));
  writeFileSync(join(dir, 'notebooks', '01-t.ipynb'), JSON.stringify(nb));
  writeFileSync(join(dir, 'report.html'), renderReport([{ name: '01-t.ipynb', notebook: nb, errorCount: 0, durationMs: ms }]));
  return dir;
}

describe('comparing two runs', () => {
  it('accepts runs that differ only in their timings', () => {
    expect(compareRuns(outFolder('explored in 12 ms\n', 1500), outFolder('explored in 97 ms\n', 2100))).toEqual([]);
  });

  it('names the notebook, the cell and both sides of a difference', () => {
    const diffs = compareRuns(outFolder('hit rate 0.913\n', 1500), outFolder('hit rate 0.914\n', 1500));
    expect(diffs.map((d) => [d.file, d.cellIndex])).toEqual([['01-t.ipynb', 1], ['report.html', undefined]]);
    expect(diffs[0]!.detail).toContain('0.913');
    expect(diffs[0]!.detail).toContain('0.914');
  });

  it('masks run times, not the numbers around them', () => {
    expect(withoutTimings('12 ms, 3.5 s, 40 µs; 512 INVLPG, 8 stretches')).toBe('<time>, <time>, <time>; 512 INVLPG, 8 stretches');
  });
});
