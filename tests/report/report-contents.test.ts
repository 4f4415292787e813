import { describe, expect, it } from 'vitest';
import { AUDIT_NOTEBOOK, notebookAnchor, renderNotebook, renderReport, reportOrder } from '../../kernel-sim/report/index.js';
import { makeNotebook } from './notebook-fixtures.js';

const memory = makeNotebook([
  { markdown: '# 01 · Memory layout\n\nWhat this notebook shows.' },
  'const a = 1;\nconst b = 2;',
  { markdown: '## 1 · The maps\n\ntext\n\n### The `PoC`\n\nmore' },
  { markdown: '## What we found\n\n- x' },
  { markdown: '## What we found\n\nrepeated on purpose' },
]);
const audit = makeNotebook([{ markdown: '# 00 · The audit\n\n## Findings' }]);

/** Every id in the page, and every in-page link target. */
const ids = (html: string) => Array.from(html.matchAll(/\sid="([^"]+)"/g), (m) => m[1]!);
const links = (html: string) => Array.from(html.matchAll(/href="#([^"]+)"/g), (m) => m[1]!);

describe('report contents', () => {
  const html = renderReport([
    { name: '01-memory-layout.ipynb', notebook: memory, errorCount: 0, durationMs: 2500 },
    { name: AUDIT_NOTEBOOK, notebook: audit, errorCount: 0 },
  ]);
  const nav = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)![0];

  it('puts the audit notebook first, in the contents and in the page', () => {
    expect(nav.indexOf('00 · The audit')).toBeLessThan(nav.indexOf('01 · Memory layout'));
    expect(html.indexOf(`id="${notebookAnchor(AUDIT_NOTEBOOK)}"`)).toBeLessThan(html.indexOf(`id="${notebookAnchor('01-memory-layout.ipynb')}"`));
    expect(reportOrder([{ name: 'a.ipynb' }, { name: AUDIT_NOTEBOOK }, { name: 'b.ipynb' }]).map((e) => e.name)).toEqual([AUDIT_NOTEBOOK, 'a.ipynb', 'b.ipynb']);
  });

  it('lists every notebook by its title and every markdown heading, nested by depth', () => {
    expect(nav).toContain('01 · Memory layout');
    expect(nav).toContain('1 · The maps');
    expect(nav).toContain('The <code>PoC</code>');
    expect(nav).toMatch(/1 · The maps<\/a><ol><li><a[^>]*>The <code>PoC<\/code><\/a><\/li><\/ol>/);
    expect(links(nav)).toHaveLength(2 + 5);
  });

  it('links every entry to an id that exists exactly once', () => {
    const all = ids(html);
    expect(new Set(all).size).toBe(all.length);
    for (const target of links(html)) expect(all).toContain(target);
  });

  it('folds code in a closed <details> and keeps outputs outside it', () => {
    const { html: cells } = renderNotebook(memory);
    expect(cells).toMatch(/<details class="code"><summary>code · 2 lines<\/summary><pre class="source"><code>const a = 1;\nconst b = 2;<\/code><\/pre><\/details>/);
    expect(cells).not.toMatch(/<details[^>]*\sopen/);
  });

  it('marks run times, the only text that varies between runs', () => {
    expect(html).toContain('<span class="timing">2.5 s</span>');
    const again = renderReport([
      { name: '01-memory-layout.ipynb', notebook: memory, errorCount: 0, durationMs: 9100 },
      { name: AUDIT_NOTEBOOK, notebook: audit, errorCount: 0 },
    ]);
    const untimed = (s: string) => s.replace(/<span class="timing">[^<]*<\/span>/g, '');
    expect(again).not.toBe(html);
    expect(untimed(again)).toBe(untimed(html));
  });
});
