import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeNotebook } from '../../kernel-sim/report/index.js';

const dir = 'notebooks';
const files = readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();
type Cell = { cell_type: string; id?: string; source: string[] | string; outputs?: { output_type: string; data?: Record<string, unknown> }[] };
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join('') : c.source);

describe('notebooks', () => {
  it('there is at least the memory-layout notebook', () => {
    expect(files).toContain('01-memory-layout.ipynb');
  });

  describe.each(files)('%s', (file) => {
    const nb = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nbformat: number; nbformat_minor: number; metadata: { kernelspec?: { name: string } }; cells: Cell[] };

    it('is nbformat 4.5 for the kernel-sim kernel, every cell with a unique id', () => {
      expect([nb.nbformat, nb.nbformat_minor]).toEqual([4, 5]);
      expect(nb.metadata.kernelspec?.name).toBe('kernel-sim');
      const ids = nb.cells.map((c) => c.id);
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('opens with what it shows and ends with what it found', () => {
      expect(nb.cells[0]!.cell_type).toBe('markdown');
      expect(text(nb.cells[0]!)).toMatch(/What this notebook shows/);
      expect(nb.cells.at(-1)!.cell_type).toBe('markdown');
      expect(text(nb.cells.at(-1)!)).toMatch(/What we found/);
    });

    it('runs in the real tslab kernel with no error output and draws its charts', async () => {
      const result = await executeNotebook(join(dir, file), { timeoutMs: 120_000 });
      expect(result.errors).toEqual([]);
      expect(result.stderr).toEqual([]);
      const outputs = result.notebook.cells.flatMap((c) => ((c as Cell).outputs ?? []));
      const charts = outputs.filter((o) => o.data?.['application/vnd.vegalite.v5+json'] && o.data?.['image/svg+xml']);
      expect(charts.length).toBeGreaterThan(0);
    }, 180_000);
  });
});
