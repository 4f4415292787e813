import { readFileSync } from 'node:fs';
import { NotebookFormatError } from './errors.js';
import { parseJsonText } from '../util/json-text.js';

/** nbformat's multi-line string: one string, or lines to concatenate. */
export type MultilineString = string | string[];

/** A stream output (stdout/stderr text). */
export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: MultilineString;
}

/** A display_data output: a MIME bundle. */
export interface DisplayDataOutput {
  output_type: 'display_data';
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** An execute_result output: a cell's value as a MIME bundle. */
export interface ExecuteResultOutput {
  output_type: 'execute_result';
  execution_count: number | null;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** An error output. */
export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Any nbformat 4 output. */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** A code cell. */
export interface CodeCell {
  cell_type: 'code';
  id?: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  execution_count: number | null;
  outputs: Output[];
}

/** A markdown or raw cell. */
export interface TextCell {
  cell_type: 'markdown' | 'raw';
  id?: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  attachments?: Record<string, unknown>;
}

/** Any nbformat 4 cell. */
export type Cell = CodeCell | TextCell;

/** An nbformat 4 notebook. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** The text of a multi-line string. */
export function joinText(s: MultilineString | undefined): string {
  if (s === undefined) return '';
  return Array.isArray(s) ? s.join('') : s;
}

/** Lines of `text` each keeping its newline, the way Jupyter writes sources and streams. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Reads and checks an nbformat 4 notebook.
 * @throws {@link NotebookFormatError} if it is not JSON or not nbformat 4.
 */
export function readNotebook(path: string): Notebook {
  let json: unknown;
  try {
    json = parseJsonText(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new NotebookFormatError(path, e instanceof Error ? e.message : String(e));
  }
  const nb = json as Partial<Notebook>;
  if (!nb || typeof nb !== 'object' || nb.nbformat !== 4) {
    throw new NotebookFormatError(path, `nbformat is ${JSON.stringify(nb && nb.nbformat)}, want 4`);
  }
  if (!Array.isArray(nb.cells)) throw new NotebookFormatError(path, 'no cells array');
  nb.cells.forEach((cell, i) => {
    const type = (cell as { cell_type?: unknown }).cell_type;
    if (type !== 'code' && type !== 'markdown' && type !== 'raw') {
      throw new NotebookFormatError(path, `cell ${i} has cell_type ${JSON.stringify(type)}`);
    }
  });
  return {
    nbformat: 4,
    nbformat_minor: typeof nb.nbformat_minor === 'number' ? nb.nbformat_minor : 0,
    metadata: nb.metadata ?? {},
    cells: nb.cells,
  };
}
