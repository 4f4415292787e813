/**
 * The summary `kernel-sim sweep --summary` prints: the jobs table grouped by what they ran
 * (a workload's machine and bug set, an exploration's scenario, a fuzzer's parser), with the
 * count of jobs and failed jobs and the totals that matter for each kind; for an exploration,
 * the lock-class cycles in the union of its shards' lock-order graphs (`lock_cycles`; null when
 * its rows predate the `lock_edges` figure).
 * @module
 */
import type * as aq from 'arquero';
import type { Cell } from '../run/result.js';
import { cyclesOfRows } from './lock-cycles.js';

/** One line of the summary. */
export type SummaryRow = Record<string, Cell>;

function what(r: Record<string, Cell>): string {
  if (r.kind === 'workload') return `${r.machine} ${r.workload_kind}${r.bugs ? ` bugs=${r.bugs}` : ''}`;
  if (r.kind === 'explore') return `${r.scenario_name ?? `${r.scenario}/${r.variant}`} ${r.strategy}`;
  return `${r.parser}`;
}

/** The summary of a jobs table. */
export function sweepSummary(jobs: aq.ColumnTable): SummaryRow[] {
  const groups = new Map<string, SummaryRow>();
  const explored = new Map<SummaryRow, Record<string, Cell>[]>();
  for (const r of jobs.objects() as Record<string, Cell>[]) {
    const key = `${r.kind}\u0000${what(r)}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind: r.kind as string, what: what(r), jobs: 0, failed: 0, runs: null, failures: null, lock_cycles: null, inputs: null, crashes: null };
      groups.set(key, g);
      if (r.kind === 'explore') explored.set(g, []);
    }
    explored.get(g)?.push(r);
    g.jobs = (g.jobs as number) + 1;
    if (r.status === 'failed') g.failed = (g.failed as number) + 1;
    for (const k of ['runs', 'failures', 'inputs', 'crashes'] as const) if (typeof r[k] === 'number') g[k] = ((g[k] as number | null) ?? 0) + (r[k] as number);
  }
  // Unknown (null) for rows made before shards recorded their lock-class edges.
  for (const [g, rows] of explored) g.lock_cycles = rows.every((r) => r.status !== 'ok' || typeof r.lock_edges === 'string') ? cyclesOfRows(rows).length : null;
  return [...groups.values()];
}
