/**
 * The README's steps for Debian's classic notebook, as a user takes them: `kernel-sim jupyter
 * install`, `jupyter trust`, `jupyter notebook`, then Chromium opens a notebook of the checkout
 * and runs every cell in the "TypeScript (kernel-sim)" kernel. (`npm run test:long`: a real
 * notebook server and browser take a while.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../kernel-sim/report/index.js';
import { cli, ensureBuilt } from '../cli/compiled-cli.js';
import { removeTempDirs, tempDir } from '../report/notebook-fixtures.js';
import { hasChromium, launchChromium } from './chromium.js';

const NOTEBOOK_SERVER = '/usr/bin/jupyter-notebook';
const TRUST = '/usr/bin/jupyter-trust';
const ready = hasChromium && existsSync(NOTEBOOK_SERVER) && existsSync(TRUST);
// Inside the checkout (as notebooks/ is), but not a file the repository tracks: the server saves.
const FOLDER = join('out', 'classic-notebook');
const NOTEBOOK = '01-memory-layout.ipynb';
const TOKEN = 'kernel-sim-test';
/** Stops a hung server or browser only. */
const HANG_GUARD_MS = 10 * 60_000;

let server: ChildProcess | undefined;
let base = '';
let env: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  if (!ready) return;
  ensureBuilt();
  const prefix = tempDir('kernel-sim-classic-');
  env = {
    ...process.env,
    JUPYTER_PATH: join(prefix, 'share', 'jupyter'),
    JUPYTER_DATA_DIR: join(prefix, 'data'),
    JUPYTER_RUNTIME_DIR: join(prefix, 'runtime'),
    JUPYTER_CONFIG_DIR: join(prefix, 'config'),
  };
  expect(cli('jupyter', 'install', '--prefix', prefix).status).toBe(0);
  mkdirSync(FOLDER, { recursive: true });
  copyFileSync(join('notebooks', NOTEBOOK), join(FOLDER, NOTEBOOK));
  const trust = spawnSync(TRUST, [join(FOLDER, NOTEBOOK)], { env, encoding: 'utf8' });
  expect(trust.status, trust.stderr).toBe(0);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const root = process.getuid?.() === 0 ? ['--allow-root'] : [];
  server = spawn(NOTEBOOK_SERVER, [FOLDER, '--no-browser', '--ip=127.0.0.1', `--port=${port}`, `--NotebookApp.token=${TOKEN}`, ...root], { env, stdio: 'ignore' });
  for (;;) {
    const up = await fetch(`${base}/api/status?token=${TOKEN}`).then((r) => r.ok, () => false);
    if (up) break;
    if (server.exitCode !== null) throw new Error(`jupyter notebook exited with ${server.exitCode}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, HANG_GUARD_MS);

afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(FOLDER, { recursive: true, force: true });
  removeTempDirs();
});

describe.skipIf(!ready)("Debian's classic notebook (jupyter-notebook) with the kernel-sim kernelspec", () => {
  it('runs every cell of a trusted notebook of the checkout in the kernel-sim kernel, charts drawn, no error', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${base}/notebooks/${NOTEBOOK}?token=${TOKEN}`);
      await page.waitForFunction(() => (window as any).Jupyter?.notebook?.kernel?.is_connected?.() === true, null, { timeout: HANG_GUARD_MS });
      const before = await page.evaluate(() => ({ kernel: (window as any).Jupyter.notebook.kernel.name as string, trusted: (window as any).Jupyter.notebook.trusted as boolean }));
      expect(before).toEqual({ kernel: 'kernel-sim', trusted: true });
      await page.evaluate(() => (window as any).Jupyter.notebook.execute_all_cells());
      // Done when every code cell has a number (a running cell shows '*').
      await page.waitForFunction(
        () => (window as any).Jupyter.notebook.get_cells().filter((c: any) => c.cell_type === 'code').every((c: any) => typeof c.input_prompt_number === 'number'),
        null,
        { timeout: HANG_GUARD_MS, polling: 500 },
      );
      const seen = await page.evaluate(() => {
        const cells = (window as any).Jupyter.notebook.get_cells().filter((c: any) => c.cell_type === 'code');
        return {
          cells: cells.length,
          numbers: cells.map((c: any) => c.input_prompt_number as number),
          errors: cells.flatMap((c: any) => c.output_area.outputs.filter((o: any) => o.output_type === 'error' || o.name === 'stderr').map((o: any) => String(o.ename ?? o.text))),
          svgs: document.querySelectorAll('.output_area svg.marks').length,
        };
      });
      expect(seen.errors).toEqual([]);
      expect(seen.numbers).toEqual(Array.from({ length: seen.cells }, (_, i) => i + 1));
      expect(seen.svgs).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });
});
