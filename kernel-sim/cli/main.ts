/** Entry point of the `kernel-sim` command. */
import { run } from './program.js';

process.exitCode = await run(process.argv.slice(2));
