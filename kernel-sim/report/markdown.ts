import { escapeHtml } from './html-escape.js';

/**
 * A small, safe markdown renderer for notebook text: no markdown library is installed, and
 * the report must not run scripts or fetch anything. Every character of the source is
 * escaped before markup is added, so raw HTML in a cell shows as text.
 *
 * Supported: ATX headings, paragraphs, fenced code, bullet and numbered lists (one level),
 * block quotes, rules, pipe tables, and inline code, bold, italic, links. Images become
 * links (loading one would reach the network).
 */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const fence = /^\s*(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] as string).trim().startsWith(fence[1] as string)) body.push(lines[i++] as string);
      i++;
      const lang = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      out.push(`<pre><code${lang}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = (heading[1] as string).length;
      out.push(`<h${level}>${inline(heading[2] as string)}</h${level}>`);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i] as string)) body.push((lines[i++] as string).replace(/^\s*>\s?/, ''));
      out.push(`<blockquote>${renderMarkdown(body.join('\n'))}</blockquote>`);
      continue;
    }
    if (isTableStart(lines, i)) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] as string).includes('|')) rows.push(cells(lines[i++] as string));
      const [head = [], , ...body] = rows;
      const th = head.map((c) => `<th>${inline(c)}</th>`).join('');
      const trs = body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('');
      out.push(`<table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>`);
      continue;
    }
    const item = /^\s*([-*+]|\d+[.)])\s+/;
    if (item.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      while (i < lines.length && (lines[i] as string).trim() !== '') {
        const l = lines[i++] as string;
        if (item.test(l)) items.push(l.replace(item, ''));
        else items[items.length - 1] += ` ${l.trim()}`;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((t) => `<li>${inline(t)}</li>`).join('')}</${tag}>`);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && (lines[i] as string).trim() !== '' && !startsBlock(lines, i)) para.push((lines[i++] as string).trim());
    out.push(`<p>${inline(para.join('\n'))}</p>`);
  }
  return out.join('\n');
}

function startsBlock(lines: string[], i: number): boolean {
  const l = lines[i] as string;
  return /^(#{1,6}\s|\s*(```|~~~)|\s*>|\s*([-*+]|\d+[.)])\s)/.test(l) || isTableStart(lines, i);
}

function isTableStart(lines: string[], i: number): boolean {
  const next = lines[i + 1];
  return (lines[i] as string).includes('|') && next !== undefined && /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(next);
}

function cells(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/** Inline markup on escaped text: code spans are cut out first so their content stays literal. */
function inline(text: string): string {
  const parts = text.split(/(`[^`]+`)/);
  return parts
    .map((part, k) => {
      if (k % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/!?\[([^\]]*)\]\(([^)\s]+)(?:\s+&quot;[^&]*&quot;)?\)/g, (_m, label: string, href: string) => link(label, href))
        .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_m, a?: string, b?: string) => `<strong>${a ?? b}</strong>`)
        .replace(/\*([^*\s][^*]*)\*|\b_([^_\s][^_]*)_\b/g, (_m, a?: string, b?: string) => `<em>${a ?? b}</em>`)
        .replace(/\n/g, ' ');
    })
    .join('');
}

/** A link, only for http(s), mailto, relative paths and fragments (no javascript: URLs). */
function link(label: string, href: string): string {
  const decoded = href.replace(/&amp;/g, '&');
  if (!/^(https?:|mailto:|#|\.{0,2}\/|[\w-]+(\.[\w-]+)*($|[/#?]))/i.test(decoded) || /^javascript:/i.test(decoded)) {
    return label;
  }
  return `<a href="${href}">${label || href}</a>`;
}
