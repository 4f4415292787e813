/**
 * A concurrency finding's reproduction: its registry scenario explored exhaustively (DFS,
 * preemption bound 2), audited and fixed. The audited side reports the first failure and the
 * schedule that replays it; the fixed side the number of schedules, all clean.
 * @module
 */
import type { FindingId } from '../../bugs/index.js';
import { explore } from '../../sync/index.js';
import { getScenario } from '../scenarios/index.js';
import type { Reproduction } from './types.js';

/** The reproduction of `id` by scenario `scenarioId` (its expected failure kinds on audited). */
export function scenarioReproduction(id: FindingId, scenarioId: string): Reproduction {
  return {
    id,
    input: `scenario ${scenarioId}, every schedule within 2 preemptions (kernel-sim explore ${scenarioId} --strategy dfs --bound 2)`,
    run() {
      const entry = getScenario(scenarioId);
      const a = explore(entry.build('audited'), { strategy: 'dfs', preemptionBound: 2 });
      const f = explore(entry.build('fixed'), { strategy: 'dfs', preemptionBound: 2 });
      const first = a.failures[0];
      const differs = first !== undefined && entry.expect.audited.includes(first.kind) && f.complete && f.failures.length === 0;
      return {
        differs,
        summary: first
          ? `audited: ${first.kind} after ${a.runs} schedule(s); fixed: ${f.failures.length} failures in ${f.runs} schedules${f.complete ? ' (all)' : ''}`
          : `audited: no failure in ${a.runs} schedules`,
        audited: { runs: a.runs, failure: first?.kind ?? null, message: first?.message ?? null, schedule: first?.schedule ?? null },
        fixed: { runs: f.runs, complete: f.complete, failures: f.failures.length },
      };
    },
  };
}
