import { errorFromStderr } from './cell-error.js';
import { CellTimeoutError, KernelDiedError } from './errors.js';
import { KernelClient } from './kernel-client.js';
import type { KernelClientOptions } from './kernel-client.js';
import { OutputCollector } from './output-collector.js';
import { joinText, readNotebook } from './nbformat.js';
import type { CodeCell, ErrorOutput, Notebook } from './nbformat.js';

/** Options of {@link executeNotebook}. */
export interface ExecuteNotebookOptions extends KernelClientOptions {
  /** Time limit per cell in ms (default 10 min: a hang guard, generous for a loaded machine). */
  timeoutMs?: number;
  /** Keep running the cells after a failing one (default false, as nbconvert does). */
  continueOnError?: boolean;
  /** Called as each code cell starts (index among all cells, and the number of cells), for progress. */
  onCell?: (cellIndex: number, cellCount: number) => void;
}

/** A failed cell. */
export interface CellError {
  /** Index of the cell in the notebook (all cell types counted). */
  cellIndex: number;
  /** The cell's nbformat id, when it has one. */
  cellId: string | undefined;
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Stderr text a cell wrote (tslab prints failures there, but warnings too). */
export interface CellStderr {
  cellIndex: number;
  cellId: string | undefined;
  text: string;
}

/** What {@link executeNotebook} returns. */
export interface ExecutedNotebook {
  /** The notebook (nbformat 4.5) with outputs and execution counts written in. */
  notebook: Notebook;
  /** Failed cells, in order; empty when every cell ran. */
  errors: CellError[];
  /** Stderr of every cell that wrote some, including successful ones. */
  stderr: CellStderr[];
  /** Wall time of the whole run, including kernel start and shutdown. */
  durationMs: number;
  /** Kernel start time. */
  startupMs: number;
  /** Wall time per code cell index (cells not run are absent). */
  cellMs: Record<number, number>;
}

// tslab resets its request queue 200 ms after a failed cell; earlier requests are aborted.
const QUEUE_RESET_MS = 250;

/**
 * Executes a notebook file in a fresh tslab kernel over the Jupyter protocol.
 *
 * Cells run in order with a per-cell time limit; cell ids and metadata are kept; outputs
 * follow nbformat (streams merged, display bundles as sent). A failing cell gets an
 * `error` output (tslab reports failures only as stderr text, which is parsed for the
 * error name and message) and an entry in `errors`; later cells are skipped unless
 * `continueOnError`. A timeout or a dying kernel ends the run the same way.
 */
export async function executeNotebook(path: string, options: ExecuteNotebookOptions = {}): Promise<ExecutedNotebook> {
  const started = Date.now();
  const notebook = prepare(readNotebook(path));
  const errors: CellError[] = [];
  const stderr: CellStderr[] = [];
  const cellMs: Record<number, number> = {};
  const client = await KernelClient.start(options);
  try {
    notebook.metadata.language_info = client.kernelInfo.language_info ?? notebook.metadata.language_info;
    for (let i = 0; i < notebook.cells.length; i++) {
      const cell = notebook.cells[i] as CodeCell;
      const code = joinText(cell.source);
      if (cell.cell_type !== 'code' || code.trim() === '') continue;
      options.onCell?.(i, notebook.cells.length);
      const collector = new OutputCollector();
      cell.outputs = collector.outputs;
      const cellStart = Date.now();
      let failure: ErrorOutput | undefined;
      try {
        const outcome = await client.execute(code, { timeoutMs: options.timeoutMs, onIopub: (m) => collector.add(m) });
        cell.execution_count = outcome.executionCount;
        if (outcome.status === 'error' && !collector.outputs.some((o) => o.output_type === 'error')) {
          failure = errorFromStderr(collector.stderr);
        } else if (outcome.status === 'abort') {
          failure = { output_type: 'error', ename: 'ExecutionAborted', evalue: 'the kernel aborted the cell', traceback: [] };
        }
      } catch (e) {
        if (!(e instanceof CellTimeoutError || e instanceof KernelDiedError)) throw e;
        failure = { output_type: 'error', ename: e.name, evalue: e.message, traceback: [] };
      }
      cellMs[i] = Date.now() - cellStart;
      if (collector.stderr) stderr.push({ cellIndex: i, cellId: cell.id, text: collector.stderr });
      if (failure) collector.push(failure);
      const error = collector.outputs.find((o) => o.output_type === 'error');
      if (error && error.output_type === 'error') {
        errors.push({ cellIndex: i, cellId: cell.id, ename: error.ename, evalue: error.evalue, traceback: error.traceback });
        if (!options.continueOnError || failure?.ename === 'CellTimeoutError' || failure?.ename === 'KernelDiedError') break;
        await new Promise((r) => setTimeout(r, QUEUE_RESET_MS));
      }
    }
  } finally {
    await client.shutdown(errors.some((e) => e.ename === 'CellTimeoutError') ? 0 : 3000);
  }
  return { notebook, errors, stderr, durationMs: Date.now() - started, startupMs: client.startupMs, cellMs };
}

/** Clears old outputs and counts and brings the notebook to nbformat 4.5 (cell ids). */
function prepare(nb: Notebook): Notebook {
  const cells = nb.cells.map((cell, i) => {
    const copy = { ...cell, id: cell.id ?? `cell-${i}` };
    if (copy.cell_type === 'code') return { ...copy, outputs: [], execution_count: null };
    return copy;
  });
  return { ...nb, nbformat: 4, nbformat_minor: Math.max(5, nb.nbformat_minor), metadata: { ...nb.metadata }, cells };
}

/** True when the executed notebook holds an `error` output in any cell. */
export function hasErrorOutput(notebook: Notebook): boolean {
  return notebook.cells.some((c) => c.cell_type === 'code' && c.outputs.some((o) => o.output_type === 'error'));
}

/** All stderr stream text in the notebook, per cell index (callers decide whether it fails a run). */
export function stderrOutputs(notebook: Notebook): { cellIndex: number; text: string }[] {
  const found: { cellIndex: number; text: string }[] = [];
  notebook.cells.forEach((c, cellIndex) => {
    if (c.cell_type !== 'code') return;
    const text = c.outputs
      .map((o) => (o.output_type === 'stream' && o.name === 'stderr' ? joinText(o.text) : ''))
      .join('');
    if (text) found.push({ cellIndex, text });
  });
  return found;
}
