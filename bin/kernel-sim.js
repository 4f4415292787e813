#!/usr/bin/env node
// Runs the compiled command (dist/, built by `npm ci` through the prepare script, or `npm run build`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('kernel-sim: the compiled command is missing (dist/cli/main.js): run `npm run build` in the kernel-sim checkout\n');
  process.exit(1);
}
await import(main.href);
