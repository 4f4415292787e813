import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/compiled-cli.js';
import { removeFolder, REPO as repo, userFolder } from './user-folder.js';

const mbi = join(repo, 'datasets', 'mbi', 'q35-8G.mbi');
let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = userFolder();
});
afterAll(() => removeFolder(dir));

const SCRIPT = [
  "import { bootKernel, bugSet } from 'kernel-sim';",
  "import { loadLayout } from 'kernel-sim/boot';",
  "import { frame } from 'kernel-sim/mm';",
  "import { FrameAllocator } from 'kernel-sim/mm/frame';",
  `const k = bootKernel(${JSON.stringify(mbi)}, { bugs: bugSet('MPA-01') });`,
  `const usable = loadLayout(${JSON.stringify(mbi)}).regions.filter((r) => r.type === 'Usable').length;`,
  'console.log(JSON.stringify({ maxPaddr: k.stats().maxPaddr, usable, same: frame.FrameAllocator === FrameAllocator }));',
].join('\n');

// Its use from a tslab cell in such a folder: tests/cli/jupyter.test.ts (the installed kernel).
describe('the package, installed in a folder of its own', () => {
  it('is imported by layer from a Node ESM script', () => {
    writeFileSync(join(dir, 'boot.mjs'), SCRIPT);
    const out = JSON.parse(execFileSync(process.execPath, ['boot.mjs'], { cwd: dir, encoding: 'utf8' }));
    expect(out).toEqual({ maxPaddr: 2 ** 40, usable: expect.any(Number), same: true });
    expect(out.usable).toBeGreaterThan(0);
  });

  it('runs a TypeScript script through tsx, and its types check against the .d.ts (NodeNext)', () => {
    writeFileSync(join(dir, 'boot.ts'), `${SCRIPT}\nconst n: number = k.stats().totalFrames;\nvoid n;\n`);
    const out = JSON.parse(execFileSync(process.execPath, [join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'boot.ts'], { cwd: dir, encoding: 'utf8' }));
    expect(out.maxPaddr).toBe(2 ** 40);
    // One tsc over the script and a file with a type error: the error is caught (the check is
    // real) and it is the only one (the script checks).
    writeFileSync(join(dir, 'bad.ts'), "import { bootKernel } from 'kernel-sim';\nconst s: string = bootKernel;\n");
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['boot.ts', 'bad.ts'] }));
    const tsc = spawnSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout.trim().split('\n').filter((l) => /error TS/.test(l))).toEqual([expect.stringMatching(/^bad\.ts\(2,7\): error TS2322/)]);
  });
});
