import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { VEGALITE_MIME, barChart, inNotebook, show, showMarkdown, showTable } from '../../kernel-sim/viz/index.js';
import type { DisplayWriter } from '../../kernel-sim/viz/index.js';

const spec = barChart({ values: [{ k: 'a', n: 1 }], category: 'k', value: 'n', title: 'one' });

describe('display outside a notebook', () => {
  it('show returns the bundle: vega-lite, SVG and a text line, no HTML', async () => {
    expect(inNotebook()).toBe(false);
    const bundle = await show(spec);
    expect(bundle).toBeDefined();
    expect(Object.keys(bundle!.data).sort()).toEqual([VEGALITE_MIME, 'image/svg+xml', 'text/plain'].sort());
    expect(bundle!.data[VEGALITE_MIME]).toEqual(spec);
    expect(String(bundle!.data['image/svg+xml'])).toMatch(/^<svg/);
    expect(bundle!.data['text/plain']).toBe('<vega-lite bar chart: one, 1 rows>');
  });

  it('showTable gives HTML and a markdown text form, with a row limit', () => {
    const bundle = showTable(aq.table({ x: [1, 2, 3], y: ['<a>', 'b', 'c'] }), { limit: 2, caption: 'T' });
    const html = String(bundle!.data['text/html']);
    expect(html).toContain('<table>');
    expect(html).toContain('&lt;a&gt;');
    expect(html).toContain('1 more row not shown');
    expect(String(bundle!.data['text/plain'])).toContain('|x|y|');
  });

  it('showMarkdown gives text/markdown', () => {
    expect(showMarkdown('# t')!.data['text/markdown']).toBe('# t');
  });
});

describe('display inside tslab (writer found in the module cache)', () => {
  it('emits exactly one display_data bundle and returns undefined', async () => {
    const cache = createRequire(join(process.cwd(), 'index.js')).cache;
    const key = join(tmpdir(), 'fake', 'node_modules', 'tslab', 'dist', 'jupyter.js');
    const calls: Parameters<DisplayWriter>[] = [];
    const writer: DisplayWriter = (msg, update) => calls.push([msg, update]);
    cache[key] = { exports: { lastWriteDisplayData: writer } } as unknown as NodeJS.Module;
    try {
      expect(inNotebook()).toBe(true);
      expect(await show(spec)).toBeUndefined();
      expect(showMarkdown('x')).toBeUndefined();
    } finally {
      delete cache[key];
    }
    expect(calls).toHaveLength(2);
    const [msg, update] = calls[0]!;
    expect(update).toBe(false);
    expect(Object.keys(msg.data)).toContain(VEGALITE_MIME);
    expect(msg.data['text/html']).toBeUndefined();
    expect(msg.transient).toEqual({});
  });
});
