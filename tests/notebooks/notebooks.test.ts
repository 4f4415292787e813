import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAll, type RunAllSummary } from '../../kernel-sim/report/index.js';
import { describeReportInChromium } from '../browser/report-in-chromium.js';
import { ensureBuilt } from '../cli/compiled-cli.js';

const dir = 'notebooks';
const files = readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();
type Cell = { cell_type: string; id?: string; source: string[] | string; outputs?: { output_type: string; data?: Record<string, unknown> }[] };
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join('') : c.source);

// Every notebook runs once, in the real tslab kernel, two at a time (what `npm start` does, into
// out/tests/); the tests below read the executed copies, and Chromium opens the report they make.
// The notebooks import the compiled package (dist/, through node_modules/kernel-sim): built first.
let run: RunAllSummary;
beforeAll(async () => {
  ensureBuilt();
  run = await runAll({ notebooksDir: dir, outDir: join('out', 'tests'), concurrency: 2 });
  // Hang guard only: every cell has its own 10-minute limit inside; four notebooks on a 2-core
  // machine loaded some 25-fold took over 10 minutes together.
}, 60 * 60_000);

describe('notebooks', () => {
  it('there is at least the memory-layout notebook', () => {
    expect(files).toContain('01-memory-layout.ipynb');
  });

  it('all ran, into executed copies and one offline report', () => {
    expect(run.notebooks.map((n) => n.name)).toEqual(files);
    const html = readFileSync(run.reportPath, 'utf8');
    for (const f of files) expect(html).toContain(f);
    expect(run.ok).toBe(true);
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

    it('runs in the real tslab kernel with no error output and draws its charts', () => {
      const result = run.notebooks.find((n) => n.name === file)!;
      expect(result.errors).toEqual([]);
      expect(result.stderr).toEqual([]);
      const executed = JSON.parse(readFileSync(result.outputPath, 'utf8')) as { cells: Cell[] };
      expect(executed.cells.map((c) => c.id)).toEqual(nb.cells.map((c) => c.id));
      const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
      const charts = outputs.filter((o) => o.data?.['application/vnd.vegalite.v5+json'] && o.data?.['image/svg+xml']);
      expect(charts.length).toBeGreaterThan(0);
    });
  });

  it('06-sweeps: the jobs it re-runs equal their checked-in rows', () => {
    const result = run.notebooks.find((n) => n.name === '06-sweeps.ipynb')!;
    const executed = JSON.parse(readFileSync(result.outputPath, 'utf8')) as { cells: Cell[] };
    const shown = executed.cells.flatMap((c) => c.outputs ?? []).map((o) => String(o.data?.['text/markdown'] ?? '')).join('\n');
    expect(shown).toContain('Re-run here: both rows identical to the checked-in ones in every column of the model they share');
  });
});

describeReportInChromium(() => run);
