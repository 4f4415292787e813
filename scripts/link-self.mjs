// Links node_modules/kernel-sim to this checkout, so the notebooks here import the package by
// name (`kernel-sim/boot`), as a user's notebook elsewhere does, and tslab resolves it Node10-style
// onto the compiled dist/. Run by `npm run build` (and so by `npm ci`'s prepare and `npm start`).
import { lstatSync, mkdirSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const link = join('node_modules', 'kernel-sim');
let current = null;
try {
  const st = lstatSync(link);
  current = st.isSymbolicLink() ? readlinkSync(link) : 'not a link';
} catch {
  // absent
}
if (current === 'not a link') {
  console.error(`kernel-sim: ${link} is a folder, not this checkout; notebooks here will import it. Remove it and run npm run build.`);
} else if (current !== '..') {
  if (current !== null) unlinkSync(link);
  mkdirSync('node_modules', { recursive: true });
  symlinkSync('..', link, 'dir');
}
