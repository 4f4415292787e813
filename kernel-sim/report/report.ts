import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import GithubSlugger from 'github-slugger';
import { escapeHtml } from './html-escape.js';
import { renderMarkdown } from './markdown.js';
import type { MarkdownHeading } from './markdown.js';
import { joinText } from './nbformat.js';
import type { CodeCell, Notebook } from './nbformat.js';
import { renderOutput } from './render-output.js';
import { REPORT_STYLE } from './report-style.js';

/** One notebook in the report. */
export interface ReportEntry {
  /** The notebook's file name (e.g. `01-memory-layout.ipynb`). */
  name: string;
  /** The executed notebook. */
  notebook: Notebook;
  /** Number of failed cells (0 shows "ok"). */
  errorCount: number;
  /** Run time in ms, shown in the contents when given (the only part of the page that varies between runs). */
  durationMs?: number;
}

/** A notebook as rendered: its anchor, title, headings and cells' HTML. */
export interface RenderedNotebook {
  /** Id of the notebook's section. */
  id: string;
  /** Its first `#` heading as inline HTML, or the file name. */
  titleHtml: string;
  /** Its markdown headings below the title, in order, with their ids. */
  headings: MarkdownHeading[];
  /** The cells' HTML. */
  html: string;
}

/** File name of the audit notebook, which opens the report when it is there. */
export const AUDIT_NOTEBOOK = '00-audit.ipynb';

/** The entries in report order: the audit notebook first, then the others as given. */
export function reportOrder<E extends { name: string }>(entries: readonly E[]): E[] {
  return [...entries.filter((e) => e.name === AUDIT_NOTEBOOK), ...entries.filter((e) => e.name !== AUDIT_NOTEBOOK)];
}

/** The section id of a notebook file: `nb-` and the slug of its name without `.ipynb`. */
export function notebookAnchor(name: string): string {
  return `nb-${new GithubSlugger().slug(name.replace(/\.ipynb$/, ''))}`;
}

/** A code cell: its source folded in a `<details>` (closed), its outputs always shown. */
function renderCodeCell(cell: CodeCell): string {
  const source = joinText(cell.source);
  const lines = source.split('\n').length;
  const count = cell.execution_count === null ? '' : ` [${cell.execution_count}]`;
  const summary = `code${count} · ${lines} line${lines === 1 ? '' : 's'}`;
  const outputs = cell.outputs.map(renderOutput).join('\n');
  return `<div class="cell code"><details class="code"><summary>${summary}</summary><pre class="source"><code>${escapeHtml(source)}</code></pre></details>${outputs}</div>`;
}

/**
 * The HTML of one notebook's cells, its headings given ids under `id` (unique in the report:
 * `<id>--<slug>`, GitHub's slugs, numbered when repeated).
 */
export function renderNotebook(nb: Notebook, id = 'nb'): RenderedNotebook {
  const slugger = new GithubSlugger();
  const headings: MarkdownHeading[] = [];
  let titleHtml: string | undefined;
  const html = nb.cells
    .map((cell) => {
      if (cell.cell_type === 'code') return renderCodeCell(cell);
      const source = joinText(cell.source);
      if (cell.cell_type !== 'markdown') return `<div class="cell raw"><pre>${escapeHtml(source)}</pre></div>`;
      const body = renderMarkdown(source, {
        headingId: (text) => `${id}--${slugger.slug(text)}`,
        onHeading: (h) => {
          if (h.depth === 1 && titleHtml === undefined) titleHtml = h.html;
          else headings.push(h);
        },
      });
      return `<div class="cell markdown">${body}</div>`;
    })
    .join('\n');
  return { id, titleHtml: titleHtml ?? '', headings, html };
}

/** Nested `<ol>`s of headings by depth (a deeper heading nests under the one before it). */
function headingList(headings: readonly MarkdownHeading[]): string {
  if (headings.length === 0) return '';
  let out = '';
  const open: number[] = [];
  for (const h of headings) {
    while (open.length > 0 && open[open.length - 1]! > h.depth) {
      out += '</li></ol>';
      open.pop();
    }
    if (open.length > 0 && open[open.length - 1] === h.depth) out += '</li>';
    else {
      out += '<ol>';
      open.push(h.depth);
    }
    out += `<li><a href="#${escapeHtml(h.id)}">${h.html}</a>`;
  }
  return out + '</li></ol>'.repeat(open.length);
}

function statusHtml(e: ReportEntry): string {
  const status = e.errorCount === 0 ? '<span class="ok">ok</span>' : `<span class="failed">${e.errorCount} failed cell(s)</span>`;
  const time = e.durationMs !== undefined ? ` · <span class="timing">${(e.durationMs / 1000).toFixed(1)} s</span>` : '';
  return `${status}${time}`;
}

/**
 * The whole offline report as one HTML page: a table of contents (every notebook, audit first,
 * with its status and every markdown heading) beside the notebooks, code folded, outputs shown.
 * It loads nothing from anywhere: styles are inline, charts are inline SVG, there are no scripts.
 * Run times are in `<span class="timing">`: the only text that differs between two runs.
 */
export function renderReport(entries: readonly ReportEntry[], title = 'kernel-sim notebooks'): string {
  const ordered = reportOrder(entries);
  const rendered = ordered.map((e) => renderNotebook(e.notebook, notebookAnchor(e.name)));
  const toc = ordered
    .map((e, i) => {
      const r = rendered[i]!;
      const label = r.titleHtml || escapeHtml(e.name);
      return `<li class="notebook"><a href="#${r.id}">${label}</a> <span class="meta">${statusHtml(e)}</span>${headingList(r.headings)}</li>`;
    })
    .join('\n');
  const sections = ordered
    .map((e, i) => {
      const r = rendered[i]!;
      return `<section class="notebook" id="${r.id}"><p class="notebook-meta">${escapeHtml(e.name)} · ${statusHtml(e)}</p>\n${r.html}</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_STYLE}</style></head>
<body><div class="layout">
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>
${toc}
</ol></nav>
<main><h1 class="report">${escapeHtml(title)}</h1>
${sections}
</main></div>
</body></html>
`;
}

/** Writes {@link renderReport} to `path`, creating its folder. */
export function writeReport(path: string, entries: readonly ReportEntry[], title?: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderReport(entries, title));
}
