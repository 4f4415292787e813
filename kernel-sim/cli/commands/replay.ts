import type { Command } from 'commander';
import { printJson, printTable } from '../output.js';
import type { Cell } from '../table.js';

/** `kernel-sim replay SCENARIO SCHEDULE [--json]`: re-run one schedule exactly. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay a schedule string of a scenario exactly and print its timeline')
    .argument('<scenario>', 'the scenario as the schedule names it, e.g. hep-03/audited (or just hep-03 to take it from the schedule)')
    .argument('<schedule>', "a schedule string, e.g. 'ks1:hep-03/audited:0x4,1x2'")
    .option('--json', 'print the run (failure and per-CPU timeline) as JSON')
    .action(async (name: string, schedule: string, opts: { json?: boolean }) => {
      const [{ scenarioFromName }, { decodeScheduleRuns, replay, timelineRows }, { failureJson }] = await Promise.all([
        import('../../audit/scenarios/index.js'),
        import('../../sync/index.js'),
        import('../failure-json.js'),
      ]);
      // A bare id takes its variant and parameters from the schedule, which names them; a
      // schedule of another scenario then fails in replay with the typed mismatch error.
      const recorded = decodeScheduleRuns(schedule).scenario; // runs, not expanded: a short string may claim millions of steps
      const full = name.includes('/') ? name : recorded.startsWith(`${name}/`) ? recorded : `${name}/audited`;
      const scenario = scenarioFromName(full);
      const r = replay(scenario, schedule);
      const out = {
        scenario: r.scenario,
        ok: r.ok,
        steps: r.steps,
        schedule: r.schedule,
        failure: r.failure ? failureJson(r.failure, false) : null,
        timeline: timelineRows(r),
      };
      if (opts.json) printJson(out);
      else {
        printTable([{ scenario: out.scenario, ok: out.ok, steps: out.steps, failure: out.failure ? `${out.failure.kind}: ${out.failure.message}` : '' }]);
        printTable(out.timeline as unknown as Record<string, Cell>[]);
      }
      if (!r.ok) process.exitCode = 3;
    });
}
