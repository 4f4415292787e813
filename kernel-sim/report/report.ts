import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { escapeHtml } from './html-escape.js';
import { renderMarkdown } from './markdown.js';
import { joinText } from './nbformat.js';
import type { Notebook } from './nbformat.js';
import { renderOutput } from './render-output.js';

/** One notebook in the report. */
export interface ReportEntry {
  /** Title shown in the index (e.g. the file name). */
  name: string;
  /** The executed notebook. */
  notebook: Notebook;
  /** Number of failed cells (0 shows "ok"). */
  errorCount: number;
  /** Run time in ms, shown in the index when given. */
  durationMs?: number;
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1.report{border-bottom:2px solid #0072B2}
nav li .ok{color:#009E73} nav li .failed, .error strong{color:#D55E00}
section.notebook{border-top:1px solid #ccc;margin-top:3em}
.cell{margin:1em 0}
pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font:13px/1.4 ui-monospace,monospace;margin:.3em 0}
pre.source{border-left:3px solid #0072B2}
.prompt{color:#888;font:12px ui-monospace,monospace}
pre.stderr{background:#fff3f0}
.error{background:#fff3f0;border-left:3px solid #D55E00;padding:.5em;margin:.3em 0}
.output.svg svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #ddd;padding:2px 6px}
`;

/** The HTML of one notebook's cells. */
export function renderNotebook(nb: Notebook): string {
  return nb.cells
    .map((cell) => {
      const source = joinText(cell.source);
      if (cell.cell_type !== 'code') {
        if (cell.cell_type === 'markdown') return `<div class="cell markdown">${renderMarkdown(source)}</div>`;
        return `<div class="cell raw"><pre>${escapeHtml(source)}</pre></div>`;
      }
      const prompt = `<div class="prompt">[${cell.execution_count ?? ' '}]</div>`;
      const outputs = cell.outputs.map(renderOutput).join('\n');
      return `<div class="cell code">${prompt}<pre class="source"><code>${escapeHtml(source)}</code></pre>${outputs}</div>`;
    })
    .join('\n');
}

/**
 * The whole offline report as one HTML page: an index of the notebooks with their
 * status, then every notebook. It loads nothing from anywhere: styles are inline,
 * charts are inline SVG, there are no scripts.
 */
export function renderReport(entries: readonly ReportEntry[], title = 'kernel-sim notebooks'): string {
  const anchor = (i: number) => `nb-${i}`;
  const index = entries
    .map((e, i) => {
      const status = e.errorCount === 0 ? '<span class="ok">ok</span>' : `<span class="failed">${e.errorCount} failed cell(s)</span>`;
      const time = e.durationMs !== undefined ? ` (${(e.durationMs / 1000).toFixed(1)} s)` : '';
      return `<li><a href="#${anchor(i)}">${escapeHtml(e.name)}</a> ${status}${time}</li>`;
    })
    .join('\n');
  const sections = entries
    .map((e, i) => `<section class="notebook" id="${anchor(i)}"><h1>${escapeHtml(e.name)}</h1>\n${renderNotebook(e.notebook)}</section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body><h1 class="report">${escapeHtml(title)}</h1>
<nav><ul>
${index}
</ul></nav>
${sections}
</body></html>
`;
}

/** Writes {@link renderReport} to `path`, creating its folder. */
export function writeReport(path: string, entries: readonly ReportEntry[], title?: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderReport(entries, title));
}
