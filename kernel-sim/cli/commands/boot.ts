import type { Command } from 'commander';
import { printJson, printTable } from '../output.js';

/** `kernel-sim boot FILE [--bugs IDS] [--check] [--json]`: boot the kernel model on a memory map. */
export function registerBoot(program: Command): void {
  program
    .command('boot')
    .description('boot the kernel model on a memory map (page::allocator::init and meta::init) and print its figures')
    .argument('<file>', 'an .mbi file, a boot log with BIOS-e820 lines, or a JSON region list')
    .option('--bugs <ids>', 'audited behaviours to switch on, comma-separated (e.g. MPA-01,MEA-01)', '')
    .option('--check', 'checking mode: verification-target checks after every page operation')
    .option('--log', 'also print the boot log')
    .option('--json', 'print the figures (and boot log) as JSON')
    .action(async (file: string, opts: { bugs: string; check?: boolean; log?: boolean; json?: boolean }) => {
      const { bootKernel } = await import('../../kernel.js');
      const kernel = bootKernel(file, { bugs: opts.bugs, check: opts.check === true });
      const stats = kernel.stats();
      if (opts.json) return printJson(opts.log ? { ...stats, bootLog: kernel.bootLog } : stats);
      const { buddyinfo, ...figures } = stats;
      printTable(Object.entries(figures).map(([figure, value]) => ({ figure, value: value as number })));
      printTable([Object.fromEntries(buddyinfo.map((n, k) => [String(k), n]))]);
      if (opts.log) printTable(kernel.bootLog.map((e) => ({ step: e.step, fn: e.fn, did: e.did, risks: (e.risks ?? []).join('; ') })));
    });
}
