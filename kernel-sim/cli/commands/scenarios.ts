import type { Command } from 'commander';
import { printJson, printTable } from '../output.js';

/** `kernel-sim scenarios [--json]`: the concurrency scenarios and the findings they reproduce. */
export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the concurrency scenarios explore and replay take')
    .option('--json', 'print them as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { SCENARIOS } = await import('../../audit/scenarios/index.js');
      const rows = SCENARIOS.map((s) => ({ id: s.id, findings: s.findings.join(' '), title: s.title, audited: s.expect.audited.join(', '), params: Object.keys(s.params ?? {}).join(', ') }));
      if (opts.json) printJson(SCENARIOS.map((s) => ({ id: s.id, findings: s.findings, title: s.title, description: s.description, params: s.params ?? {}, expect: s.expect })));
      else printTable(rows);
    });
}
