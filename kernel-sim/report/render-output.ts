import { escapeHtml, stripAnsi } from './html-escape.js';
import { renderMarkdown } from './markdown.js';
import { joinText } from './nbformat.js';
import type { Output } from './nbformat.js';

/**
 * HTML for one notebook output in the offline report. A MIME bundle shows its most
 * static rich form: SVG, then PNG/JPEG (as data: URLs), HTML, markdown, plain text.
 * A vega-lite spec alone is not rendered (that needs a script); its text line is shown.
 */
export function renderOutput(output: Output): string {
  switch (output.output_type) {
    case 'stream':
      return `<pre class="stream ${output.name}">${escapeHtml(stripAnsi(joinText(output.text)))}</pre>`;
    case 'error': {
      const tb = output.traceback.map(stripAnsi).join('\n');
      const details = tb ? `<details><summary>traceback</summary><pre>${escapeHtml(tb)}</pre></details>` : '';
      return `<div class="error"><strong>${escapeHtml(output.ename)}</strong>: ${escapeHtml(output.evalue)}${details}</div>`;
    }
    case 'display_data':
    case 'execute_result':
      return renderBundle(output.data);
  }
}

function text(v: unknown): string {
  return Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

function renderBundle(data: Record<string, unknown>): string {
  if (data['image/svg+xml'] !== undefined) {
    return `<div class="output svg">${withoutActiveContent(text(data['image/svg+xml']).replace(/^<\?xml[^>]*>\s*/, ''))}</div>`;
  }
  for (const mime of ['image/png', 'image/jpeg', 'image/gif']) {
    if (data[mime] !== undefined) {
      const b64 = text(data[mime]).replace(/\s/g, '');
      return `<div class="output image"><img alt="" src="data:${mime};base64,${escapeHtml(b64)}"></div>`;
    }
  }
  if (data['text/html'] !== undefined) return `<div class="output html">${withoutActiveContent(text(data['text/html']))}</div>`;
  if (data['text/markdown'] !== undefined) return `<div class="output markdown">${renderMarkdown(text(data['text/markdown']))}</div>`;
  if (data['text/plain'] !== undefined) return `<pre class="output text">${escapeHtml(stripAnsi(text(data['text/plain'])))}</pre>`;
  const types = Object.keys(data).join(', ');
  return `<p class="output missing">(output of type ${escapeHtml(types)} has no static form)</p>`;
}

/**
 * Drops scripts, external stylesheets, iframes and remote `src`/`href` references from
 * trusted-but-unchecked HTML/SVG, so the report stays offline and inert.
 */
export function withoutActiveContent(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<(script|link|iframe|object|embed)\b[^>]*>/gi, '')
    .replace(/\s(src|href|xlink:href)\s*=\s*("|')\s*(https?:)?\/\/[^"']*\2/gi, '')
    .replace(/\son\w+\s*=\s*("[^"]*"|'[^']*')/gi, '');
}
