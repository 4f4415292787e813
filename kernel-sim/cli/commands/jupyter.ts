import type { Command } from 'commander';
import { printJson } from '../output.js';

/** `kernel-sim jupyter install [--user | --sys-prefix | --prefix P]`: the kernelspec for notebooks anywhere. */
export function registerJupyter(program: Command): void {
  const jupyter = program.command('jupyter').description('Jupyter integration: install the kernel-sim kernelspec');
  jupyter
    .command('install')
    .description('write the kernel-sim kernelspec (absolute paths to node and this checkout) into a Jupyter data folder')
    .option('--user', 'into the per-user data folder ($JUPYTER_DATA_DIR or ~/.local/share/jupyter); the default unless root')
    .option('--sys-prefix', "into Python's sys.prefix/share/jupyter (a virtualenv's, or /usr for Debian's python3)")
    .option('--prefix <dir>', 'into DIR/share/jupyter')
    .option('--python <path>', 'the Python whose sys.prefix --sys-prefix takes (default /usr/bin/python3)')
    .option('--json', 'print the folder and kernel.json as JSON')
    .action(async (opts: { user?: boolean; sysPrefix?: boolean; prefix?: string; python?: string; json?: boolean }) => {
      const { installKernelSpec } = await import('../jupyter/kernelspec.js');
      const { dir, spec } = installKernelSpec(opts);
      if (opts.json) return printJson({ dir, kernelJson: spec });
      process.stdout.write(`installed kernelspec kernel-sim in ${dir}\n`);
    });
}
