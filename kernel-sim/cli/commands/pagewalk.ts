import type { Command } from 'commander';
import { bugsHelp, commandBugs } from '../honoured-bugs.js';
import { printJson, printTable } from '../output.js';
import { loadRegionFile, REGION_INPUT } from '../region-file.js';
import { size } from '../units.js';

/**
 * `kernel-sim pagewalk FILE VA [--bugs IDS] [--json]`: boots the kernel on FILE, builds the kernel
 * page table (boot.S's table, `init_kernel_page_table`) and shows the walk of VA level by level,
 * or the page fault with its error code (exit 3).
 */
export function registerPagewalk(program: Command): void {
  program
    .command('pagewalk')
    .description('walk a virtual address on the kernel page table after boot, level by level (exit 3 with the #PF when it is not mapped)')
    .argument('<file>', REGION_INPUT)
    .argument('<va>', 'the virtual address, e.g. 0xffff800000001000')
    .option('--bugs <ids>', bugsHelp('pagewalk'), '')
    .option('--json', 'print the walk as JSON')
    .action(async (file: string, va: string, opts: { bugs: string; json?: boolean }) => {
      const bugs = commandBugs('pagewalk', opts.bugs);
      await loadRegionFile(file, { bugs });
      const [{ bootKernel }, { walkAfterBoot }] = await Promise.all([import('../../kernel/index.js'), import('../../mm/kspace/index.js')]);
      const walk = walkAfterBoot((b) => bootKernel(file, { bugs: b }), va, bugs);
      if (walk.fault) process.exitCode = 3;
      if (opts.json) return printJson(walk);
      printTable(walk.steps.map((s) => ({
        level: s.level, index: s.index, pte: s.pte, flags: s.flags.join(' '), next: s.next ?? '', paddr: s.paddr ?? '', page: s.pageSize === undefined ? '' : size(s.pageSize),
      })));
      if (walk.fault) process.stdout.write(`#PF at ${walk.va}: error code ${walk.fault.errorCode} (${walk.fault.description})\n`);
      else process.stdout.write(`${walk.va} -> ${walk.paddr ?? ''} (${size(walk.pageSize ?? 0)} page)\n`);
    });
}
