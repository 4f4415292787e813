import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderReport, withoutActiveContent } from '../../kernel-sim/report/index.js';
import type { Notebook } from '../../kernel-sim/report/index.js';
import { NETWORK_REFERENCE, makeNotebook } from './notebook-fixtures.js';

function executed(): Notebook {
  const nb = makeNotebook([{ markdown: '# Title\n\nSome *text* with <b>html</b>.' }, 'const a = "<x>";', 'show()']);
  const [, c1, c2] = nb.cells;
  if (c1?.cell_type === 'code') {
    c1.execution_count = 1;
    c1.outputs = [
      { output_type: 'stream', name: 'stdout', text: '<not html>\n' },
      { output_type: 'error', ename: 'Error', evalue: 'bad <thing>', traceback: ['\u001b[31mError: bad\u001b[0m'] },
    ];
  }
  if (c2?.cell_type === 'code') {
    c2.outputs = [
      {
        output_type: 'display_data',
        data: { 'application/vnd.vegalite.v5+json': {}, 'image/svg+xml': '<svg class="marks"><rect/></svg>', 'text/plain': 'chart' },
        metadata: {},
      },
      { output_type: 'display_data', data: { 'text/html': '<table><tr><td>1</td></tr></table><script src="https://cdn.example/x.js"></script>' }, metadata: {} },
    ];
  }
  return nb;
}

describe('offline HTML report', () => {
  const html = renderReport([{ name: 'a <b>.ipynb', notebook: executed(), errorCount: 1, durationMs: 1234 }]);

  it('inlines SVG charts and HTML tables', () => {
    expect(html).toContain('<svg class="marks"><rect/></svg>');
    expect(html).toContain('<table><tr><td>1</td></tr></table>');
    expect(html).not.toContain('application/vnd.vegalite');
  });

  it('escapes sources, streams, errors and markdown HTML', () => {
    expect(html).toContain('const a = &quot;&lt;x&gt;&quot;;');
    expect(html).toContain('&lt;not html&gt;');
    expect(html).toContain('bad &lt;thing&gt;');
    expect(html).toContain('&lt;b&gt;html&lt;/b&gt;');
    expect(html).toContain('a &lt;b&gt;.ipynb');
    expect(html).not.toContain('\u001b[');
  });

  it('references nothing on the network and has no scripts', () => {
    expect(html).not.toMatch(NETWORK_REFERENCE);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('1 failed cell(s)');
  });

  it('strips active content from HTML outputs', () => {
    expect(withoutActiveContent('<img src="http://x/y.png" onerror="alert(1)"><link rel="stylesheet" href="https://x">')).toBe('<img>');
  });
});

describe('renderMarkdown', () => {
  it('renders the common subset', () => {
    // Whitespace between tags is layout, not content.
    const out = renderMarkdown('## H\n\n- one `a<b`\n- **two**\n\n```ts\nlet x = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |').replace(/>\s+</g, '><');
    expect(out).toContain('<h2>H</h2>');
    expect(out).toContain('<li>one <code>a&lt;b</code></li>');
    expect(out).toContain('<strong>two</strong>');
    expect(out).toContain('<pre><code class="language-ts">let x = 1 &lt; 2;\n</code></pre>');
    expect(out).toContain('<td>1</td><td>2</td>');
  });

  it('keeps safe links and drops javascript: ones and images', () => {
    expect(renderMarkdown('[seed](../shared/seed.txt)')).toContain('<a href="../shared/seed.txt">seed</a>');
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('<a');
    expect(renderMarkdown('![pic](https://example.com/a.png)')).not.toContain('<img');
    expect(renderMarkdown('<script>alert(1)</script>\n\nx <b>y</b>')).not.toMatch(/<script|<b>/);
  });
});
