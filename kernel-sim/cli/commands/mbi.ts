import type { Command } from 'commander';
import type { MultibootInfo } from '../../boot/index.js';
import { hex, printJson, printTable } from '../output.js';

/** `kernel-sim mbi FILE [--json]`: the decoded Multiboot2 information structure. */
export function registerMbi(program: Command): void {
  program
    .command('mbi')
    .description('decode a Multiboot2 information structure (MBI) file')
    .argument('<file>', 'an .mbi file (the bytes GRUB hands the kernel)')
    .option('--json', 'print the decoded MBI as JSON (integers exact)')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { findTag, readMbiFile, tagName } = await import('../../boot/index.js');
      const { info, bytes } = readMbiFile(file);
      if (opts.json) return printJson(mbiToJson(info, bytes.length, findTag, tagName));
      printTable(info.tags.map((t) => ({ offset: t.offset, type: t.type, name: tagName(t.type) })));
      const mmap = findTag(info, 6);
      if (mmap) printTable(mmap.entries.map((e) => ({ base: hex(e.base), end: hex(e.base + e.length), type: e.type })));
    });
}

/** The decoded MBI as printed by `kernel-sim mbi --json`. */
function mbiToJson(
  info: MultibootInfo,
  totalSize: number,
  findTag: typeof import('../../boot/index.js').findTag,
  tagName: typeof import('../../boot/index.js').tagName,
): Record<string, unknown> {
  const mmap = findTag(info, 6);
  return {
    totalSize,
    reserved: info.reserved,
    tags: info.tags.map((t) => ({ name: tagName(t.type), ...t })),
    mmap: (mmap?.entries ?? []).map((e) => ({ base: e.base, length: e.length, type: e.type })),
  };
}
