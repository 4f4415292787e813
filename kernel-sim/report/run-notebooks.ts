import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { executeNotebook } from './execute-notebook.js';
import type { CellError, CellStderr, ExecuteNotebookOptions } from './execute-notebook.js';
import { writeReport } from './report.js';
import type { ReportEntry } from './report.js';
import { packageRoot as repoRoot } from '../util/package-root.js';

/** Options of {@link runAll}. */
export interface RunAllOptions extends ExecuteNotebookOptions {
  /** Folder of `.ipynb` files (default `<repo>/notebooks`). */
  notebooksDir?: string;
  /** Output folder (default `<repo>/out`): executed copies in `notebooks/`, `report.html`. */
  outDir?: string;
  /** Called as each notebook finishes, for progress output. */
  onNotebook?: (result: NotebookRunSummary) => void;
  /** How many notebooks run at once, each in its own kernel (default 1). */
  concurrency?: number;
  /** Called before each code cell with the notebook's file name (with several at once, `onCell` cannot tell them apart). */
  onNotebookCell?: (name: string, cellIndex: number, cellCount: number) => void;
}

/** The outcome of one notebook. */
export interface NotebookRunSummary {
  /** File name, e.g. `01-boot.ipynb`. */
  name: string;
  /** Path of the executed copy. */
  outputPath: string;
  errors: CellError[];
  stderr: CellStderr[];
  durationMs: number;
}

/** What {@link runAll} returns. */
export interface RunAllSummary {
  /** True when every notebook ran without an error output or any stderr text. */
  ok: boolean;
  notebooks: NotebookRunSummary[];
  /** Path of the HTML report. */
  reportPath: string;
  durationMs: number;
}

/**
 * Executes every `*.ipynb` in `notebooksDir` (sorted by name, each in a fresh kernel),
 * writes the executed copies to `outDir/notebooks/` and the offline report to
 * `outDir/report.html`. Failing notebooks are reported, not thrown; a kernel that
 * cannot start is thrown ({@link KernelStartError}).
 */
export async function runAll(options: RunAllOptions = {}): Promise<RunAllSummary> {
  const started = Date.now();
  const notebooksDir = resolve(options.notebooksDir ?? join(repoRoot(), 'notebooks'));
  const outDir = resolve(options.outDir ?? join(repoRoot(), 'out'));
  const executedDir = join(outDir, 'notebooks');
  mkdirSync(executedDir, { recursive: true });
  const files = readdirSync(notebooksDir).filter((f) => f.endsWith('.ipynb')).sort();
  const notebooks: NotebookRunSummary[] = new Array(files.length);
  const entries: ReportEntry[] = new Array(files.length);
  const runOne = async (k: number): Promise<void> => {
    const file = files[k]!;
    const onCell = options.onNotebookCell ? (i: number, n: number) => options.onNotebookCell!(file, i, n) : options.onCell;
    const result = await executeNotebook(join(notebooksDir, file), { ...options, onCell });
    const outputPath = join(executedDir, basename(file));
    writeFileSync(outputPath, `${JSON.stringify(result.notebook, null, 1)}\n`);
    const summary = { name: file, outputPath, errors: result.errors, stderr: result.stderr, durationMs: result.durationMs };
    notebooks[k] = summary;
    entries[k] = { name: file, notebook: result.notebook, errorCount: result.errors.length, durationMs: result.durationMs };
    options.onNotebook?.(summary);
  };
  // A few workers take the notebooks in name order; results keep that order.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await runOne(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, files.length)) }, worker));
  const reportPath = join(outDir, 'report.html');
  writeReport(reportPath, entries);
  return {
    ok: notebooks.every((n) => n.errors.length === 0 && n.stderr.length === 0),
    notebooks,
    reportPath,
    durationMs: Date.now() - started,
  };
}

/** A one-line-per-notebook text summary of {@link runAll}'s result, for the CLI. */
export function formatSummary(summary: RunAllSummary): string {
  const lines = summary.notebooks.map((n) => {
    const status =
      n.errors.length > 0
        ? `FAILED (${n.errors.map((e) => `cell ${e.cellIndex}: ${e.ename}: ${e.evalue}`).join('; ')})`
        : n.stderr.length > 0
          ? `FAILED (stderr in cell ${n.stderr.map((s) => s.cellIndex).join(', ')}: ${n.stderr[0]!.text.trim().split('\n')[0]})`
          : 'ok';
    return `${n.name}  ${status}  ${(n.durationMs / 1000).toFixed(1)} s`;
  });
  lines.push(`report: ${summary.reportPath}`);
  return lines.join('\n');
}
