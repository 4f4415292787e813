/**
 * The kernel a `kernel-sim jupyter install` kernelspec starts: tslab (the one installed with
 * kernel-sim), in this process so Jupyter's interrupt signal reaches it. Jupyter starts a kernel
 * in the notebook's folder; a notebook inside the kernel-sim checkout runs from the checkout's
 * root instead, where its cells import `./kernel-sim/...` (tslab compiles only .ts files under
 * its working directory). Elsewhere cells import the package, `kernel-sim/boot` and so on,
 * installed in the notebook's folder or a parent (`npm install /path/to/kernel-sim`).
 *
 * Usage (as kernel.json's argv): node launch-kernel.js --config-path {connection_file}
 * @module
 */
import { createRequire } from 'node:module';
import { checkoutRoot, isInside, tslabMain } from './paths.js';

const root = checkoutRoot();
if (isInside(process.cwd(), root)) process.chdir(root);
process.argv = [process.argv[0]!, tslabMain(), 'kernel', ...process.argv.slice(2)];
(createRequire(import.meta.url)(tslabMain()) as { main(): void }).main();
