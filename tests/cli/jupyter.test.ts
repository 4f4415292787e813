import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeNotebook } from '../../kernel-sim/report/index.js';
import { removeFolder, REPO, userFolder } from '../package/user-folder.js';
import { removeTempDirs, tempDir, writeNotebook } from '../report/notebook-fixtures.js';
import { cli, cliEnv, ensureBuilt } from './compiled-cli.js';

const JUPYTER = '/usr/bin/jupyter';
const hasJupyter = existsSync(JUPYTER) && spawnSync(JUPYTER, ['nbconvert', '--version']).status === 0;
const LAUNCHER = join(REPO, 'dist', 'cli', 'jupyter', 'launch-kernel.js');
const specIn = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'kernels', 'kernel-sim', 'kernel.json'), 'utf8'));

/** `jupyter nbconvert --execute` of `path` with the installed kernelspec; the executed notebook. */
function nbconvert(path: string) {
  const r = spawnSync(JUPYTER, ['nbconvert', '--to', 'notebook', '--execute', '--output', 'executed.ipynb', path], {
    cwd: user,
    encoding: 'utf8',
    env: { ...process.env, JUPYTER_PATH: join(prefix, 'share', 'jupyter'), JUPYTER_RUNTIME_DIR: join(prefix, 'runtime') },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(user, 'executed.ipynb'), 'utf8'));
}

/** executeNotebook of `path` in the user's folder with the installed kernelspec's argv, checked error-free. */
async function executeInstalled(path: string) {
  const result = await executeNotebook(path, { cwd: user, kernelArgv: specIn(join(prefix, 'share', 'jupyter')).argv });
  expect(result.errors).toEqual([]);
  expect(result.stderr).toEqual([]);
  return result;
}

let prefix: string;
let user: string;
beforeAll(() => {
  ensureBuilt();
  prefix = tempDir('kernel-sim-prefix-');
  user = userFolder();
});
afterAll(() => {
  removeTempDirs();
  removeFolder(user);
});

describe('kernel-sim jupyter install', () => {
  it('--prefix writes kernel.json with absolute paths into PREFIX/share/jupyter/kernels/kernel-sim', () => {
    const r = cli('jupyter', 'install', '--prefix', prefix);
    const dir = join(prefix, 'share', 'jupyter', 'kernels', 'kernel-sim');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `installed kernelspec kernel-sim in ${dir}\n`, '']);
    expect(specIn(join(prefix, 'share', 'jupyter'))).toEqual({
      argv: [process.execPath, LAUNCHER, '--config-path', '{connection_file}'],
      display_name: 'TypeScript (kernel-sim)',
      language: 'typescript',
      interrupt_mode: 'signal',
      metadata: { 'kernel-sim': { checkout: REPO } },
    });
    expect(existsSync(LAUNCHER)).toBe(true);
  });

  it('--user writes into $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter', () => {
    const a = mkdtempSync(join(tmpdir(), 'kernel-sim-jdd-'));
    expect(cliEnv({ JUPYTER_DATA_DIR: a }, 'jupyter', 'install', '--user').status).toBe(0);
    expect(specIn(a).argv[1]).toBe(LAUNCHER);
    const b = mkdtempSync(join(tmpdir(), 'kernel-sim-xdg-'));
    const r = cliEnv({ JUPYTER_DATA_DIR: '', XDG_DATA_HOME: b }, 'jupyter', 'install', '--user', '--json');
    expect(JSON.parse(r.stdout).dir).toBe(join(b, 'jupyter', 'kernels', 'kernel-sim'));
    expect(specIn(join(b, 'jupyter')).display_name).toBe('TypeScript (kernel-sim)');
    removeFolder(a);
    removeFolder(b);
  });

  it.each([
    [['--user', '--prefix', 'x'], 'kernel-sim: KernelSpecError: --user, --sys-prefix and --prefix exclude each other: give one\n'],
    [['--sys-prefix', '--python', '/nonexistent/python3'], 'kernel-sim: KernelSpecError: --sys-prefix: cannot ask /nonexistent/python3 for its sys.prefix (is Python installed? --python PATH names another)\n'],
    [['--prefix', 'package.json/x'], `kernel-sim: KernelSpecError: cannot write ${REPO}/package.json/x/share/jupyter/kernels/kernel-sim/kernel.json (ENOTDIR)\n`],
  ])('refuses %j with one line and exit 1', (args, message) => {
    const r = cli('jupyter', 'install', ...args);
    expect([r.status, r.stdout, r.stderr]).toEqual([1, '', message]);
  });
});

describe('the installed kernel', () => {
  // Under the real Jupyter when it is installed (nbconvert starts the kernel from the kernelspec,
  // in the notebook's folder, as a user's front end does), else through executeNotebook with the
  // kernelspec's argv: one kernel start either way.
  it(`runs a notebook outside the checkout that imports the package installed beside it by layer (CommonJS, Node10 resolution)${hasJupyter ? ', under nbconvert --execute' : ''}`, async () => {
    const path = writeNotebook(user, 'mine.ipynb', [
      "import { loadLayout } from 'kernel-sim/boot';\nimport { bugSet } from 'kernel-sim';\nimport { barChart, toSvg } from 'kernel-sim/viz';",
      `console.log(loadLayout(${JSON.stringify(join(REPO, 'datasets', 'audit', 'mem-01-poc.json'))}, { bugs: bugSet('MEM-01') }).regions.length);`,
      "const svg = await toSvg(barChart({ values: [{ k: 'a', n: 1 }], category: 'k', value: 'n' }));\nconsole.log(svg.startsWith('<svg'));",
      'console.log(process.cwd());',
    ]);
    const cells = hasJupyter ? nbconvert(path).cells : (await executeInstalled(path)).notebook.cells;
    const text = (t: string | string[]) => (Array.isArray(t) ? t.join('') : t);
    const out = cells.map((c: { cell_type: string; outputs?: { output_type: string; text?: string | string[] }[] }) =>
      c.cell_type === 'code' ? c.outputs!.map((o) => (o.output_type === 'stream' ? text(o.text!) : `<${o.output_type}>`)).join('') : '');
    expect(Number(out[1])).toBeGreaterThan(0);
    expect(out[2]).toBe('true\n');
    expect(out[3]).toBe(`${user}\n`);
  });

  it('runs a notebook in a folder of the checkout from the checkout root, where kernel-sim/... resolves to the checkout', async () => {
    const path = writeNotebook(tempDir(), 'nb.ipynb', ["import { REGION_COLORS } from 'kernel-sim/viz';\nconsole.log(REGION_COLORS.Usable, process.cwd());"]);
    const result = await executeNotebook(path, { cwd: join(REPO, 'datasets', 'mbi'), kernelArgv: specIn(join(prefix, 'share', 'jupyter')).argv });
    expect(result.errors).toEqual([]);
    const c0 = result.notebook.cells[0];
    expect(c0?.cell_type === 'code' && c0.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: `#009E73 ${REPO}\n` }]);
  });
});
