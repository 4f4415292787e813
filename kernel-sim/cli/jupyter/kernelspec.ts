/**
 * The `kernel-sim` Jupyter kernelspec with absolute paths (node, the launcher), written into a
 * Jupyter data folder's `kernels/kernel-sim/` as `tslab install` does for tslab.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KernelSimError } from '../../util/errors.js';
import { checkoutRoot, SYSTEM_DATA_DIR, userDataDir } from './paths.js';

/** The kernelspec's name: notebooks select it by `metadata.kernelspec.name`. */
export const KERNEL_NAME = 'kernel-sim';

/** A kernelspec that cannot be written where asked. */
export class KernelSpecError extends KernelSimError {}

/** Where to install: one of --user, --sys-prefix, --prefix; none means --user unless root. */
export interface KernelSpecTarget {
  user?: boolean;
  sysPrefix?: boolean;
  prefix?: string;
  /** The Python whose sys.prefix --sys-prefix takes (default /usr/bin/python3, else python3). */
  python?: string;
}

/** kernel.json for this checkout. */
export function kernelSpec(root = checkoutRoot()): Record<string, unknown> {
  return {
    argv: [process.execPath, join(root, 'dist', 'cli', 'jupyter', 'launch-kernel.js'), '--config-path', '{connection_file}'],
    display_name: 'TypeScript (kernel-sim)',
    language: 'typescript',
    interrupt_mode: 'signal',
    metadata: { 'kernel-sim': { checkout: root } },
  };
}

/** The Jupyter data folder `target` names. */
export function dataDir(target: KernelSpecTarget, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = [target.user, target.sysPrefix, target.prefix !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new KernelSpecError('--user, --sys-prefix and --prefix exclude each other: give one');
  if (target.prefix !== undefined) return join(resolve(target.prefix), 'share', 'jupyter');
  if (target.sysPrefix) return join(pythonPrefix(target.python), 'share', 'jupyter');
  if (target.user || process.getuid?.() !== 0) return userDataDir(env);
  return SYSTEM_DATA_DIR;
}

function pythonPrefix(python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'): string {
  try {
    return execFileSync(python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).trim();
  } catch {
    throw new KernelSpecError(`--sys-prefix: cannot ask ${python} for its sys.prefix (is Python installed? --python PATH names another)`);
  }
}

/** Writes kernel.json into `<data dir>/kernels/kernel-sim/` and returns that folder. */
export function installKernelSpec(target: KernelSpecTarget = {}, env: NodeJS.ProcessEnv = process.env): { dir: string; spec: Record<string, unknown> } {
  const root = checkoutRoot();
  if (!existsSync(join(root, 'dist', 'cli', 'jupyter', 'launch-kernel.js'))) {
    throw new KernelSpecError(`the compiled kernel launcher is missing under ${join(root, 'dist')}: run \`npm run build\` in ${root}`);
  }
  const dir = join(dataDir(target, env), 'kernels', KERNEL_NAME);
  const spec = kernelSpec(root);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new KernelSpecError(`cannot write ${join(dir, 'kernel.json')} (${code})${code === 'EACCES' ? ': try --user or --prefix' : ''}`);
  }
  return { dir, spec };
}
