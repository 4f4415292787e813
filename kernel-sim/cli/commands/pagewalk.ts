import type { Command } from 'commander';
import { printJson, printTable } from '../output.js';

/**
 * `kernel-sim pagewalk FILE VA [--bugs IDS] [--json]`: boots the kernel on FILE, builds the kernel
 * page table (boot.S's table, `init_kernel_page_table`) and shows the walk of VA level by level,
 * or the page fault with its error code.
 */
export function registerPagewalk(program: Command): void {
  program
    .command('pagewalk')
    .description('walk a virtual address on the kernel page table after boot, level by level')
    .argument('<file>', 'an .mbi file, a boot log with BIOS-e820 lines, or a JSON region list')
    .argument('<va>', 'the virtual address, e.g. 0xffff800000001000')
    .option('--bugs <ids>', 'audited behaviours to switch on, comma-separated (e.g. KSP-02,BOO-01)', '')
    .option('--json', 'print the walk as JSON')
    .action(async (file: string, va: string, opts: { bugs: string; json?: boolean }) => {
      const [{ bugSet }, { bootKernel }, { walkAfterBoot }] = await Promise.all([
        import('../../bugs/index.js'),
        import('../../kernel.js'),
        import('../../mm/kspace/index.js'),
      ]);
      const walk = walkAfterBoot((bugs) => bootKernel(file, { bugs }), va, bugSet(opts.bugs));
      if (opts.json) {
        printJson(walk);
        return;
      }
      printTable(walk.steps.map((s) => ({
        level: s.level, index: s.index, pte: s.pte, flags: s.flags.join(' '), next: s.next ?? '', paddr: s.paddr ?? '', pageSize: s.pageSize ?? '',
      })));
      if (walk.fault) process.stdout.write(`#PF at ${walk.va}: error code ${walk.fault.errorCode} (${walk.fault.description})\n`);
      else process.stdout.write(`${walk.va} -> ${walk.paddr ?? ''} (${walk.pageSize ?? 0} byte page)\n`);
    });
}
