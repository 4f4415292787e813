/**
 * Whether two runs of the notebooks gave the same document: the executed notebooks compared
 * output by output, the reports compared with their run times masked. Wall-clock time is the
 * one thing allowed to differ; everything else comes from seeds and the data.
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readNotebook } from './nbformat.js';
import type { Notebook } from './nbformat.js';

/** One place where two runs differ. */
export interface RunDifference {
  /** The notebook file, or `report.html`. */
  file: string;
  /** Index of the cell (all cell types counted), when the difference is in a cell. */
  cellIndex?: number;
  /** What differs, with the start of both sides. */
  detail: string;
}

/** The report's run-time spans (`<span class="timing">`), and durations like `13.5 s` or `120 ms` in outputs. */
const TIMINGS = [/<span class="timing">[^<]*<\/span>/g, /\b\d+(?:\.\d+)? ?(?:ms|µs|s)\b/g];

/** `text` with every run time replaced by `<time>`. */
export function withoutTimings(text: string): string {
  return TIMINGS.reduce((t, re) => t.replace(re, '<time>'), text);
}

function excerpt(s: string, at: number): string {
  return JSON.stringify(s.slice(Math.max(0, at - 40), at + 80));
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function compareText(file: string, a: string, b: string, cellIndex?: number): RunDifference[] {
  const x = withoutTimings(a);
  const y = withoutTimings(b);
  if (x === y) return [];
  const at = firstDifference(x, y);
  return [{ file, ...(cellIndex === undefined ? {} : { cellIndex }), detail: `at character ${at}: ${excerpt(x, at)} vs ${excerpt(y, at)}` }];
}

/** The differences between two executed copies of one notebook (outputs and execution counts). */
export function compareNotebooks(file: string, a: Notebook, b: Notebook): RunDifference[] {
  if (a.cells.length !== b.cells.length) return [{ file, detail: `${a.cells.length} cells vs ${b.cells.length}` }];
  return a.cells.flatMap((cell, i) => compareText(file, JSON.stringify(cell), JSON.stringify(b.cells[i]), i));
}

/**
 * The differences between two output folders of `npm start` (`notebooks/*.ipynb` and
 * `report.html` in each), timings masked; empty when the runs are reproducible.
 */
export function compareRuns(outA: string, outB: string): RunDifference[] {
  const names = (dir: string) => readdirSync(join(dir, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
  const [left, right] = [names(outA), names(outB)];
  if (left.join() !== right.join()) return [{ file: 'notebooks/', detail: `${left.join(', ')} vs ${right.join(', ')}` }];
  const notebooks = left.flatMap((f) => compareNotebooks(f, readNotebook(join(outA, 'notebooks', f)), readNotebook(join(outB, 'notebooks', f))));
  const report = compareText('report.html', readFileSync(join(outA, 'report.html'), 'utf8'), readFileSync(join(outB, 'report.html'), 'utf8'));
  return [...notebooks, ...report];
}
