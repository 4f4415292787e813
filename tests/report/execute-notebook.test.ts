import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  executeNotebook,
  formatSummary,
  hasErrorOutput,
  runAll,
  stderrOutputs,
} from '../../kernel-sim/report/index.js';
import type { DisplayDataOutput, Notebook } from '../../kernel-sim/report/index.js';
import { ensureBuilt } from '../cli/compiled-cli.js';
import { CHART_CELL, NETWORK_REFERENCE, removeTempDirs, tempDir, writeNotebook } from './notebook-fixtures.js';

// The cells import the compiled package by name, as the notebooks do.
beforeAll(ensureBuilt);
afterAll(removeTempDirs);

function displays(nb: Notebook, cellIndex: number): DisplayDataOutput[] {
  const cell = nb.cells[cellIndex];
  if (cell?.cell_type !== 'code') throw new Error(`cell ${cellIndex} is not code`);
  return cell.outputs.filter((o): o is DisplayDataOutput => o.output_type === 'display_data');
}

describe('executeNotebook in the real tslab kernel', () => {
  it(
    'goes on after a failure with continueOnError, and reports compile errors',
    async () => {
      const path = writeNotebook(tempDir(), 'continue.ipynb', ["let s: string = 5;", "console.log('still running')"]);
      const result = await executeNotebook(path, { continueOnError: true });
      expect(result.errors.map((e) => [e.cellIndex, e.ename])).toEqual([[0, 'TypeScriptError']]);
      const c1 = result.notebook.cells[1];
      expect(c1?.cell_type === 'code' && c1.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'still running\n' }]);
    }
  );

  it(
    'times a cell out with a clear error and ends the kernel',
    async () => {
      // The cell never finishes: only the time limit can end the run, however loaded the machine.
      const path = writeNotebook(tempDir(), 'slow.ipynb', ['await new Promise(() => {});', '1']);
      const result = await executeNotebook(path, { timeoutMs: 1500 });
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ cellIndex: 0, ename: 'CellTimeoutError' });
      expect(result.errors[0]!.evalue).toMatch(/did not finish within 1500 ms/);
    }
  );
});

describe('KernelClient', () => {
  it('answers kernel_info and heartbeat, runs a cell, shuts the kernel down and leaves no timer behind', () => {
    // The start-up probes that lost the race each held a timer until the 120 s deadline. Counted
    // in a process of its own (the compiled package), where no other test's timers run.
    const script = [
      "import { KernelClient } from 'kernel-sim/report';",
      "const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;",
      'const before = timers();',
      'const client = await KernelClient.start();',
      'const { implementation, protocol_version } = client.kernelInfo;',
      'const heartbeat = await client.heartbeat();',
      "const outcome = await client.execute('1 + 2', {});",
      'await client.shutdown();',
      'const iopub = outcome.iopub.map((m) => m.header.msg_type);',
      'console.log(JSON.stringify({ before, after: timers(), implementation, protocol_version, heartbeat, status: outcome.status, iopub }));',
      'process.exit(0);',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      before: 0, after: 0, implementation: 'tslab', protocol_version: '5.3', heartbeat: true, status: 'ok', iopub: ['status', 'stream', 'status'],
    });
  });
});

// One run of two notebooks stands for the single-notebook cases too (every kernel start costs
// seconds of tslab's TypeScript): the first imports the package and shows a chart, the second
// throws and must stop there.
describe('runAll', () => {
  it(
    'executes a folder of notebooks and writes executed copies and an offline report',
    async () => {
      const notebooksDir = tempDir('kernel-sim-nbs-');
      const outDir = tempDir('kernel-sim-out-');
      writeNotebook(notebooksDir, '02-fails.ipynb', [
        { markdown: '# a failing notebook' },
        'const a = 1;',
        "throw new RangeError('order 12 out of range')",
        "console.log('not reached')",
      ]);
      writeNotebook(notebooksDir, '01-chart.ipynb', [
        { markdown: '# Chart\n\nBars from **viz**.' },
        "import { REGION_COLORS } from 'kernel-sim/viz';\nconsole.log(REGION_COLORS.Usable);",
        CHART_CELL,
        'console.log(svg.length > 100);\nsvg.slice(0, 4)',
        "import * as aq from 'arquero';\nimport { showTable, showMarkdown } from 'kernel-sim/viz';\n" +
          "showTable(aq.table({ order: [0, 1], free: [12, 7] }), { caption: 'free blocks' });\nshowMarkdown('*done*');",
      ]);
      const seen: string[] = [];
      const cells: string[] = [];
      // Both at once: each cell is reported with its notebook's name.
      const summary = await runAll({ notebooksDir, outDir, concurrency: 2, onNotebook: (n) => seen.push(n.name), onNotebookCell: (name, i, n) => cells.push(`${name} ${i}/${n}`) });
      expect(seen.sort()).toEqual(['01-chart.ipynb', '02-fails.ipynb']);
      expect(cells.sort()).toEqual(['01-chart.ipynb 1/5', '01-chart.ipynb 2/5', '01-chart.ipynb 3/5', '01-chart.ipynb 4/5', '02-fails.ipynb 1/4', '02-fails.ipynb 2/4']);
      expect(summary.ok).toBe(false);
      expect(summary.notebooks.map((n) => n.errors.length)).toEqual([0, 1]);
      expect(summary.notebooks[0]!.stderr).toEqual([]);
      expect(summary.notebooks.every((n) => n.durationMs > 0)).toBe(true);
      expect(existsSync(join(outDir, 'notebooks', '01-chart.ipynb'))).toBe(true);

      // The chart notebook, cell by cell.
      const nb = JSON.parse(readFileSync(join(outDir, 'notebooks', '01-chart.ipynb'), 'utf8')) as Notebook;
      expect(hasErrorOutput(nb)).toBe(false);
      expect(nb.nbformat_minor).toBe(5);
      expect(nb.cells.map((c) => c.id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
      expect(nb.cells.map((c) => c.metadata)).toEqual([{}, { tag: 1 }, { tag: 2 }, { tag: 3 }, { tag: 4 }]);
      expect(nb.cells.map((c) => (c.cell_type === 'code' ? c.execution_count : -1))).toEqual([-1, 1, 2, 3, 4]);
      expect(nb.metadata.language_info).toMatchObject({ name: 'typescript' });
      const c1 = nb.cells[1];
      expect(c1?.cell_type === 'code' && c1.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: '#009E73\n' }]);
      const shown = displays(nb, 2);
      expect(shown).toHaveLength(1);
      const data = shown[0]!.data;
      expect(Object.keys(data).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
      expect(data['application/vnd.vegalite.v5+json']).toMatchObject({ title: 'two bars' });
      // The bar mark, at the top or in a layer (viz's barChart layers marks for notes).
      expect(JSON.stringify(data['application/vnd.vegalite.v5+json'])).toMatch(/"mark":(\{"type":)?"bar"/);
      expect(String(data['image/svg+xml'])).toMatch(/^<svg[\s\S]*mark-rect[\s\S]*<\/svg>$/);
      const c3 = nb.cells[3];
      expect(c3?.cell_type === 'code' && c3.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'true\n<svg\n' }]);
      expect(displays(nb, 4).map((d) => Object.keys(d.data).sort())).toEqual([
        ['text/html', 'text/plain'],
        ['text/markdown', 'text/plain'],
      ]);

      // The failing notebook: the error with its cell, and nothing run after it.
      const failed = summary.notebooks[1]!;
      expect(failed.errors).toHaveLength(1);
      expect(failed.errors[0]).toMatchObject({ cellIndex: 2, cellId: 'c2', ename: 'RangeError', evalue: 'order 12 out of range' });
      expect(failed.errors[0]!.traceback.join('\n')).toContain('RangeError: order 12 out of range');
      const fnb = JSON.parse(readFileSync(failed.outputPath, 'utf8')) as Notebook;
      expect(hasErrorOutput(fnb)).toBe(true);
      expect(stderrOutputs(fnb).map((x) => x.cellIndex)).toEqual([2]);
      const last = fnb.cells[3];
      expect(last?.cell_type === 'code' && last.outputs).toEqual([]);
      expect(last?.cell_type === 'code' && last.execution_count).toBe(null);

      const html = readFileSync(summary.reportPath, 'utf8');
      expect(summary.reportPath).toBe(join(outDir, 'report.html'));
      expect(html).toMatch(/<svg[^>]*class="marks"/);
      expect(html).toContain('<strong>viz</strong>');
      expect(html).toContain('<strong>free blocks</strong></p><table>');
      expect(html).toContain('<em>done</em>');
      expect(html).toContain('order 12 out of range');
      expect(html).not.toMatch(NETWORK_REFERENCE);
      expect(html).not.toMatch(/<script/i);
      expect(formatSummary(summary)).toMatch(/01-chart.ipynb {2}ok[\s\S]*02-fails.ipynb {2}FAILED \(cell 2: RangeError: order 12 out of range\)/);
    }
  );
});
