import type { Command } from 'commander';
import type { KernelStats } from '../../kernel/index.js';
import { bugsHelp, commandBugs } from '../honoured-bugs.js';
import { printJson, printTable } from '../output.js';
import { loadRegionFile, REGION_INPUT } from '../region-file.js';
import { hexAddr, size } from '../units.js';

/** `kernel-sim boot FILE [--bugs IDS] [--check] [--json]`: boot the kernel model on a memory map. */
export function registerBoot(program: Command): void {
  program
    .command('boot')
    .description('boot the kernel model on a memory map (page::allocator::init and meta::init) and print its figures')
    .argument('<file>', REGION_INPUT)
    .option('--bugs <ids>', bugsHelp('boot'), '')
    .option('--check', 'checking mode: Target 2-5 checks after every page operation, and the whole page state checked after boot (exit 3 when one fails)')
    .option('--log', 'also print the boot log')
    .option('--json', 'print the figures (and boot log, and with --check the checks) as JSON')
    .action(async (file: string, opts: { bugs: string; check?: boolean; log?: boolean; json?: boolean }) => {
      const bugs = commandBugs('boot', opts.bugs);
      await loadRegionFile(file, { bugs });
      const { bootKernel } = await import('../../kernel/index.js');
      const kernel = bootKernel(file, { bugs, check: opts.check === true });
      const stats = kernel.stats();
      const checks = opts.check ? kernel.checkAll() : undefined;
      const failed = (checks ?? []).filter((c) => c.violations.length > 0);
      if (failed.length > 0) process.exitCode = 3;
      if (opts.json) return printJson({ ...stats, ...(opts.log ? { bootLog: kernel.bootLog } : {}), ...(checks ? { checks } : {}) });
      printTable(figureRows(stats));
      process.stdout.write('\n');
      printTable([{ order: 'free blocks', ...Object.fromEntries(stats.buddyinfo.map((n, k) => [String(k), n])) }], {
        title: 'buddyinfo (free blocks per order, as /proc/buddyinfo)',
        columns: ['order', ...stats.buddyinfo.map((_, k) => String(k))],
      });
      if (checks) {
        process.stdout.write(`\nchecking mode: Targets 2-5 checked after every page operation of the boot, then the whole page state (every touched MetaSlot, the ownership ledger, the buddy free lists): ${failed.length === 0 ? 'held' : 'FAILED'}\n`);
        printTable(checks.map((c) => ({ target: c.target, result: c.violations.length === 0 ? 'held' : `FAILED (${c.violations.length})`, 'first violation': c.violations[0] ?? '' })));
      }
      if (opts.log) {
        process.stdout.write('\n');
        printTable(kernel.bootLog.map((e) => ({ step: e.step, fn: e.fn, did: e.did, risks: (e.risks ?? []).join('; ') })), { title: 'boot log' });
      }
    });
}

/** The figures with units: addresses in hex, byte counts as sizes. */
function figureRows(s: KernelStats): { figure: string; value: string | number }[] {
  const { buddyinfo: _, ...figures } = s;
  return Object.entries(figures).map(([figure, v]) => ({
    figure,
    value: figure === 'maxPaddr' ? `${hexAddr(v as number)} (${size(v as number)})` : /Bytes$/.test(figure) ? size(v as number) : figure === 'metaSlotSize' ? `${v} bytes` : (v as number),
  }));
}
