import type { Command } from 'commander';
import { findTag, readMbiFile, tagName, type MultibootInfo, type Tag } from '../../boot/index.js';
import { printJson, printTable, hex } from '../output.js';

/** The decoded MBI as printed by `kernel-sim mbi --json`. */
export function mbiToJson(info: MultibootInfo, totalSize: number): Record<string, unknown> {
  const mmap = findTag(info, 6);
  return {
    totalSize,
    reserved: info.reserved,
    tags: info.tags.map((t: Tag) => ({ name: tagName(t.type), ...t })),
    mmap: (mmap?.entries ?? []).map((e) => ({ base: e.base, length: e.length, type: e.type })),
  };
}

/** `kernel-sim mbi FILE [--json]`: the decoded Multiboot2 information structure. */
export function registerMbi(program: Command): void {
  program
    .command('mbi')
    .description('decode a Multiboot2 information structure (MBI) file')
    .argument('<file>', 'an .mbi file (the bytes GRUB hands the kernel)')
    .option('--json', 'print the decoded MBI as JSON (integers exact)')
    .action((file: string, opts: { json?: boolean }) => {
      const { info, bytes } = readMbiFile(file);
      if (opts.json) return printJson(mbiToJson(info, bytes.length));
      printTable(info.tags.map((t) => ({ offset: t.offset, type: t.type, name: tagName(t.type) })));
      const mmap = findTag(info, 6);
      if (mmap) printTable(mmap.entries.map((e) => ({ base: hex(e.base), end: hex(e.base + e.length), type: e.type })));
    });
}
