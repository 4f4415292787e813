/**
 * The memory-map file `regions`, `boot` and `pagewalk` take, its kind chosen from `--format`,
 * else the file name's extension, else the content; content that is none of the kinds gets one
 * error saying what each kind expected.
 * @module
 */
import type { LoadedLayout, RegionInputKind } from '../boot/index.js';
import type { BugSet } from '../bugs/index.js';
import { KernelSimError } from '../util/errors.js';
import { extensionOf, InputFileError, isBinary, readHead, requireFile, requireText } from './input-file.js';

/** What the commands take, for help texts and errors. */
export const REGION_INPUT = 'an .mbi file, a boot log with BIOS-e820 lines, or a JSON region list';

/** The `--format` values. */
export const REGION_FORMATS: readonly RegionInputKind[] = ['mbi', 'e820', 'json'];

const BY_EXTENSION: Readonly<Record<string, RegionInputKind>> = { mbi: 'mbi', json: 'json', txt: 'e820', log: 'e820', e820: 'e820' };
const EXPECTS: Readonly<Record<RegionInputKind, string>> = {
  mbi: 'a Multiboot2 information structure',
  e820: 'a boot log with BIOS-e820 lines',
  json: 'a JSON region list [{base, length|end, type}]',
};

/** Loads the layout of a memory-map file; typed errors for a missing, unreadable or unrecognised file. */
export async function loadRegionFile(path: string, opts: { bugs?: BugSet; format?: RegionInputKind } = {}): Promise<LoadedLayout> {
  requireFile(path, REGION_INPUT);
  const { detectRegionInputKind, loadLayout } = await import('../boot/index.js');
  const named = opts.format ?? BY_EXTENSION[extensionOf(path)];
  if (named) {
    if (named !== 'mbi') requireText(path, EXPECTS[named]);
    return loadLayout(path, { bugs: opts.bugs, kind: named });
  }
  const head = readHead(path);
  const text = new TextDecoder().decode(head);
  // Content that names its kind: binary (an MBI), BIOS-e820 lines, a JSON list.
  const guessed = detectRegionInputKind(head);
  if (isBinary(head) || guessed !== 'mbi' || /^\s*[[{]/.test(text)) return loadLayout(path, { bugs: opts.bugs, kind: /^\s*\{/.test(text) ? 'json' : guessed });
  const failures: string[] = [];
  for (const kind of REGION_FORMATS) {
    try {
      return loadLayout(path, { bugs: opts.bugs, kind });
    } catch (e) {
      if (!(e instanceof KernelSimError)) throw e;
      failures.push(`as ${EXPECTS[kind]}: ${e.message}`);
    }
  }
  throw new InputFileError(path, `is none of ${REGION_INPUT} (${failures.join('; ')})`);
}
