import type { TopLevelSpec } from 'vega-lite';
import { chartBundle } from './bundle.js';
import type { DisplayBundle } from './bundle.js';
import type { ToSvgOptions } from './render.js';
import { currentDisplayWriter } from './notebook-writer.js';
import type { DisplayWriter } from './notebook-writer.js';

/**
 * Sends a bundle to the notebook through `writer`, or hands it back when there is none.
 * Returning `undefined` in a notebook keeps tslab from echoing the bundle as the cell's value.
 */
function emit(writer: DisplayWriter | undefined, bundle: DisplayBundle): DisplayBundle | undefined {
  if (!writer) return bundle;
  writer({ data: bundle.data, metadata: bundle.metadata, transient: {} }, false);
  return undefined;
}

/**
 * Displays a vega-lite chart in a tslab notebook as ONE output holding the vega-lite spec,
 * its SVG and a text line. Use `await show(spec)`: the chart is rendered asynchronously
 * and must reach the kernel before the cell ends.
 *
 * Outside a notebook (plain Node) nothing is printed and the bundle is returned instead.
 * @returns `undefined` when displayed, else the bundle.
 */
export async function show(spec: TopLevelSpec, options: ToSvgOptions = {}): Promise<DisplayBundle | undefined> {
  // Take the writer before awaiting: it belongs to the cell that called show().
  const writer = currentDisplayWriter();
  return emit(writer, await chartBundle(spec, options));
}

/** What {@link showTable} needs of a table; arquero's `ColumnTable` satisfies it. */
export interface TableLike {
  /** HTML table markup (arquero: `toHTML`). */
  toHTML(options?: { limit?: number }): string;
  /** Markdown table text (arquero: `toMarkdown`). */
  toMarkdown(options?: { limit?: number }): string;
  /** Number of rows (arquero: `numRows`). */
  numRows(): number;
}

/** Options for {@link showTable}. */
export interface ShowTableOptions {
  /** Most rows to show (default 100). */
  limit?: number;
  /** A caption shown above the table. */
  caption?: string;
}

/** Builds the display bundle of a table: `text/html` plus a markdown `text/plain`. */
export function tableBundle(table: TableLike, options: ShowTableOptions = {}): DisplayBundle {
  const limit = options.limit ?? 100;
  const rows = table.numRows();
  const more = rows > limit ? `${rows - limit} more row${rows - limit === 1 ? '' : 's'} not shown` : '';
  const caption = options.caption ? `<p><strong>${escapeHtml(options.caption)}</strong></p>` : '';
  const footer = more ? `<p><em>${more}</em></p>` : '';
  const text = [options.caption ?? '', table.toMarkdown({ limit }).trimEnd(), more].filter((s) => s).join('\n');
  return {
    data: {
      'text/html': caption + table.toHTML({ limit }) + footer,
      'text/plain': text,
    },
    metadata: {},
  };
}

/**
 * Displays an arquero table (HTML, with a markdown text fallback) in a tslab notebook.
 * Outside a notebook the bundle is returned instead.
 */
export function showTable(table: TableLike, options: ShowTableOptions = {}): DisplayBundle | undefined {
  return emit(currentDisplayWriter(), tableBundle(table, options));
}

/**
 * Displays markdown text in a tslab notebook (`text/markdown`, with the source as
 * `text/plain`). Outside a notebook the bundle is returned instead.
 */
export function showMarkdown(markdown: string): DisplayBundle | undefined {
  return emit(currentDisplayWriter(), {
    data: { 'text/markdown': markdown, 'text/plain': markdown },
    metadata: {},
  });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
