/** A user's own folder outside the checkout, with kernel-sim installed as a user installs it. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The checkout under test. */
export const REPO = resolve('.');

/** A fresh temp folder with `npm install <checkout>` done in it (offline: a link to the checkout). */
export function userFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kernel-sim-user-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-experiments', private: true, type: 'module' }));
  // Without the npm_* variables of the `npm test` running this: the install is the user's own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', REPO], { cwd: dir, stdio: 'pipe', env });
  return dir;
}

/** Removes a folder made by {@link userFolder}. */
export function removeFolder(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
