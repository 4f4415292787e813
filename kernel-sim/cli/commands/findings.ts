import type { Command } from 'commander';
import { modelledFindingIds, type FindingId } from '../../bugs/index.js';
import { HONOURED_BUGS } from '../honoured-bugs.js';
import { printJson, printTable } from '../output.js';

// Which finding IDs each command's --bugs honours, as the commands declare them.
const honours = new Map<string, readonly FindingId[]>([['audit', modelledFindingIds()], ...Object.entries(HONOURED_BUGS)]);

/**
 * A command declares the finding IDs its `--bugs` (or input file's `bugs`) honours; `kernel-sim
 * findings` lists them per ID. `audit` honours every switch (it runs their reproductions).
 */
export function declareHonouredIds(command: string, ids: readonly FindingId[]): void {
  honours.set(command, ids);
}

/** The commands that honour `id`, by their declarations. */
export function commandsHonouring(id: FindingId): string[] {
  return [...honours].filter(([, ids]) => ids.includes(id)).map(([c]) => c);
}

/** `kernel-sim findings [--json]`: every finding ID with its title, status and the commands honouring it. */
export function registerFindings(program: Command): void {
  program
    .command('findings')
    .description("list the audit's finding IDs and kernel-sim's own: title, severity, group, status in the model (switch, static, not modelled yet), commands honouring it")
    .option('--json', 'print them as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { catalogue } = await import('../../audit/findings/index.js');
      const rows = catalogue().map((e) => ({
        id: e.id,
        severity: e.severity,
        group: e.group,
        model: e.behaviour.kind === 'switch' ? 'switch' : e.behaviour.kind === 'static' ? 'static' : 'not modelled yet',
        commands: commandsHonouring(e.id).join(' '),
        title: e.title,
        ...(opts.json ? { category: e.category, status: e.status, location: e.location, source: e.source, reason: e.behaviour.kind === 'switch' ? null : e.behaviour.reason } : {}),
      }));
      if (opts.json) printJson(rows);
      else printTable(rows);
    });
}
