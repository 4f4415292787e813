/**
 * The lock-order check of a gathered exploration: every shard brings the lock-class edges it
 * saw (`lock_edges`, see explore-shard.ts); merged per scenario, one edge per pair of classes
 * with the first witness in job order, they are checked for class cycles as lockdep would, so a
 * cycle whose two halves were seen in different shards (or on different machines) is reported.
 * A shard keeps at most `KEPT_LOCK_EDGES` edges; a row with `lock_edges_dropped > 0` makes the
 * cycles found a lower bound (no scenario has a tenth of that many class pairs).
 * @module
 */
import type * as aq from 'arquero';
import { classCycles, describeCycle, type LockDependency } from '../../sync/index.js';
import { SweepResultsError } from '../errors.js';
import type { Cell } from '../run/result.js';
import { parseJsonText } from '../../util/json-text.js';

/** A class cycle found in the union of an exploration's shards. */
export interface LockCycleFinding {
  /** The scenario's full name (`hep-03/audited`). */
  readonly scenario: string;
  /** The cycle, the edge that closed it first; each witness's `run` is a schedule that shows the edge. */
  readonly cycle: LockDependency[];
  /** The cycle in words, as `explore` words it. */
  readonly message: string;
}

function edgesOf(row: Record<string, Cell>): LockDependency[] {
  const text = row.lock_edges;
  if (typeof text !== 'string') return [];
  try {
    const deps = parseJsonText(text) as LockDependency[];
    if (!Array.isArray(deps) || !deps.every((d) => typeof d?.from === 'string' && typeof d?.to === 'string' && typeof d?.witness === 'object')) throw new Error('not a list of {from, to, witness}');
    return deps;
  } catch (e) {
    throw new SweepResultsError(`job ${String(row.id)}`, `column lock_edges is not a list of lock-class edges: ${(e as Error).message}`);
  }
}

/** The lock-class edges of `rows`, merged: one per pair of classes (its first witness in row order), sorted by class names. */
export function mergeLockEdges(rows: readonly Record<string, Cell>[]): LockDependency[] {
  const byPair = new Map<string, LockDependency>();
  for (const r of rows) {
    for (const d of edgesOf(r)) {
      const key = `${d.from}\u0000${d.to}`;
      if (!byPair.has(key)) byPair.set(key, d);
    }
  }
  return [...byPair.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

/** The class cycles of the union of `rows`' lock-class edges (rows of one scenario). */
export function cyclesOfRows(rows: readonly Record<string, Cell>[]): LockDependency[][] {
  return classCycles(mergeLockEdges(rows));
}

/** The class cycles of every explored scenario of a jobs table, each scenario's shards merged. */
export function lockOrderCycles(jobs: aq.ColumnTable): LockCycleFinding[] {
  const byScenario = new Map<string, Record<string, Cell>[]>();
  for (const r of jobs.objects() as Record<string, Cell>[]) {
    if (r.kind !== 'explore' || typeof r.scenario_name !== 'string') continue;
    let g = byScenario.get(r.scenario_name);
    if (!g) byScenario.set(r.scenario_name, (g = []));
    g.push(r);
  }
  const out: LockCycleFinding[] = [];
  for (const [scenario, rows] of byScenario) {
    for (const cycle of cyclesOfRows(rows)) out.push({ scenario, cycle, message: `lock order: possible deadlock, class cycle ${describeCycle(cycle)}` });
  }
  return out;
}
