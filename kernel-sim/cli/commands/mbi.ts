import type { Command } from 'commander';
import type { MultibootInfo } from '../../boot/index.js';
import { requireFile } from '../input-file.js';
import { printJson, printTable } from '../output.js';
import { hexAddr, size } from '../units.js';

// Multiboot2 memory-map entry types (the spec's MULTIBOOT_MEMORY_*).
const MMAP_TYPES: Readonly<Record<number, string>> = { 1: 'available', 2: 'reserved', 3: 'ACPI reclaimable', 4: 'ACPI NVS', 5: 'bad RAM' };

/** `kernel-sim mbi FILE [--json]`: the decoded Multiboot2 information structure. */
export function registerMbi(program: Command): void {
  program
    .command('mbi')
    .description('decode a Multiboot2 information structure (MBI) file')
    .argument('<file>', 'an .mbi file (the bytes GRUB hands the kernel)')
    .option('--json', 'print the decoded MBI as JSON (integers exact)')
    .action(async (file: string, opts: { json?: boolean }) => {
      requireFile(file, 'an .mbi file');
      const { findTag, readMbiFile, tagName } = await import('../../boot/index.js');
      const { info, bytes } = readMbiFile(file);
      const mmap = findTag(info, 6);
      if (opts.json) return printJson(mbiJson(info, bytes.length, mmap?.entries ?? [], tagName));
      printTable(info.tags.map((t) => ({ offset: t.offset === undefined ? '' : hexAddr(t.offset), type: t.type, name: tagName(t.type) })), { title: `${info.tags.length} tags, ${bytes.length} bytes` });
      if (mmap) {
        process.stdout.write('\n');
        printTable(mmap.entries.map((e) => ({ base: hexAddr(e.base), end: hexAddr(e.base + e.length), size: size(Number(e.length)), type: `${MMAP_TYPES[e.type] ?? 'unknown'} (${e.type})` })), { title: 'memory map' });
      }
    });
}

/** The decoded MBI as printed by `kernel-sim mbi --json`. */
function mbiJson(info: MultibootInfo, totalSize: number, mmap: readonly { base: bigint; length: bigint; type: number }[], tagName: (type: number) => string): Record<string, unknown> {
  return {
    totalSize,
    reserved: info.reserved,
    tags: info.tags.map((t) => ({ name: tagName(t.type), ...t })),
    mmap: mmap.map((e) => ({ base: e.base, length: e.length, type: e.type })),
  };
}
