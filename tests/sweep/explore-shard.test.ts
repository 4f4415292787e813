import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { getScenario } from '../../kernel-sim/audit/scenarios/index.js';
import {
  columnsToParquet, exploreShard, flatCells, lockOrderCycles, mergeLockEdges, readParquetTable, rowsToColumns, sweepSummary,
  type Cell, type ExploreJob, type ShardFigures,
} from '../../kernel-sim/sweep/index.js';
import { explore, LockOrderChecker, LockOrderViolation, replay, type LockDependency } from '../../kernel-sim/sync/index.js';
import { orderByRace } from '../sync/scenarios.js';
import { tempDir } from './helpers.js';

/** Edges as `from->to`, sorted. */
const pairs = (deps: readonly LockDependency[]): string[] => deps.map((d) => `${d.from}->${d.to}`).sort();
const edgesOf = (f: ShardFigures): LockDependency[] => JSON.parse(f.lockEdges) as LockDependency[];
/** Failures by kind, summed over shards. */
function kindTotals(parts: readonly ShardFigures[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts) for (const kv of p.failureKinds.split(',').filter(Boolean)) {
    const [k, n] = kv.split(':');
    out[k!] = (out[k!] ?? 0) + Number(n);
  }
  return out;
}

function shardJob(scenario: string, variant: 'audited' | 'fixed', over: Partial<ExploreJob>): ExploreJob {
  return { kind: 'explore', scenario, variant, params: {}, strategy: 'dfs', seed: 1, depth: 2, bound: 2, runs: 1_000_000, shard: 0, shards: 1, splitDepth: 3, maxSteps: 10_000, spinBound: 1_000, ...over };
}

describe('DFS sharded by prefixes of the schedule tree', () => {
  const cases: [string, 'audited' | 'fixed', number][] = [
    ['hep-03', 'audited', 2],
    ['alo-01', 'audited', 2],
    ['hep-01', 'fixed', 1],
    ['target-07', 'fixed', 1],
  ];
  it.each(cases)('%s/%s bound %i: the shards together run exactly the unsharded DFS schedules, failures included', (id, variant, bound) => {
    const checker = new LockOrderChecker();
    const full = explore(getScenario(id).build(variant), { strategy: 'dfs', preemptionBound: bound, stopOnFailure: false, maxFailures: 1e9, lockOrder: checker });
    expect(full.complete).toBe(true);
    for (const [shards, splitDepth] of [[1, 0], [2, 3], [3, 2], [5, 6]] as const) {
      const parts = Array.from({ length: shards }, (_, shard) => exploreShard(shardJob(id, variant, { bound, shard, shards, splitDepth })));
      expect(parts.every((p) => p.complete)).toBe(true);
      expect(parts.reduce((a, p) => a + p.runs, 0)).toBe(full.runs);
      expect(parts.reduce((a, p) => a + p.steps, 0)).toBe(full.steps);
      expect(parts.reduce((a, p) => a + p.failures, 0)).toBe(full.failures.length);
      expect(kindTotals(parts)).toEqual(full.failureKinds);
      // The lock-class edges of the shards together are the unsharded exploration's graph.
      expect(pairs(mergeLockEdges(parts.map((p) => ({ lock_edges: p.lockEdges }))))).toEqual(pairs(checker.dependencies()));
    }
  });

  it('deals the work out: with a cut below the root, more than one shard runs schedules', () => {
    const parts = [0, 1, 2].map((shard) => exploreShard(shardJob('hep-03', 'audited', { shard, shards: 3, splitDepth: 4 })));
    expect(parts.filter((p) => p.runs > 0).length).toBeGreaterThan(1);
    expect(parts.some((p) => p.probeRuns > 0)).toBe(true);
  });

  it('random shards: the same job gives the same figures; shards differ by seed', () => {
    const j = shardJob('hep-01', 'audited', { strategy: 'random', runs: 300, params: { cpus: 4 }, shards: 2 });
    expect(exploreShard(j)).toEqual(exploreShard(j));
    const other = exploreShard({ ...j, shard: 1 });
    expect(other.failingSchedules).not.toBe(exploreShard(j).failingSchedules);
    const r = exploreShard(j);
    expect(r.runs).toBe(300);
    expect(r.failureKinds).toMatch(/^invariant:\d+$/);
    expect(r.failingSchedules.split(' ')[0]).toMatch(/^ks1:hep-01\/audited\/cpus=4:/);
  });
});

describe('lock-order cycles gathered across shards', () => {
  const job = (shard: number, shards: number, splitDepth: number): ExploreJob => shardJob('order-by-race', 'audited', { bound: 3, shard, shards, splitDepth });
  /** The jobs-table rows of shards, as run-job makes them. */
  const rows = (parts: readonly ShardFigures[]): Record<string, Cell>[] =>
    parts.map((p, i) => ({ id: `job${i}`, kind: 'explore', scenario: 'order-by-race', strategy: 'dfs', ...flatCells(p as unknown as Record<string, unknown>) }));

  it('finds the cycle whose two edges fall in different shards, as the unsharded exploration reports it', () => {
    const full = explore(orderByRace, { strategy: 'dfs', preemptionBound: 3, stopOnFailure: false, maxFailures: 1e9 });
    const reported = full.failures.map((f) => f.error).filter((e): e is LockOrderViolation => e instanceof LockOrderViolation && e.rule === 'class-cycle');
    expect(reported.map((v) => pairs(v.cycle))).toEqual([['race-A->race-B', 'race-B->race-A']]);

    // Cut at depth 1, each shard sees one order only: alone, neither has a cycle.
    const parts = [0, 1].map((shard) => exploreShard(job(shard, 2, 1), orderByRace));
    expect(parts.map((p) => pairs(edgesOf(p)))).toEqual([['race-B->race-A'], ['race-A->race-B']]);
    expect(parts.every((p) => p.failures === 0)).toBe(true);

    // Gathered through the Parquet jobs table, the union has the cycle.
    const dir = tempDir('lock-cycles');
    writeFileSync(join(dir, 'jobs.parquet'), columnsToParquet(rowsToColumns(rows(parts))));
    const jobs = readParquetTable(join(dir, 'jobs.parquet'));
    const found = lockOrderCycles(jobs);
    expect(found.map((c) => [c.scenario, pairs(c.cycle)])).toEqual([['order-by-race', ['race-A->race-B', 'race-B->race-A']]]);
    expect(found[0]!.message).toMatch(/^lock order: possible deadlock, class cycle race-[AB] → race-[AB] → race-[AB]: /);
    expect(sweepSummary(jobs).map((g) => g.lock_cycles)).toEqual([1]);
    // Each witness is a schedule that shows its edge again.
    for (const d of found[0]!.cycle) {
      const c = new LockOrderChecker();
      replay(orderByRace, d.witness.run, { lockOrder: c });
      expect(pairs(c.dependencies())).toEqual([`${d.from}->${d.to}`]);
    }
  });

  it('reports the same cycle however the tree is cut', () => {
    for (const [shards, splitDepth] of [[1, 0], [2, 2], [3, 1], [3, 4], [5, 3]] as const) {
      const parts = Array.from({ length: shards }, (_, shard) => exploreShard(job(shard, shards, splitDepth), orderByRace));
      const found = lockOrderCycles(aq.from(rows(parts)));
      expect(found.map((c) => pairs(c.cycle)), `${shards} shards cut at ${splitDepth}`).toEqual([['race-A->race-B', 'race-B->race-A']]);
    }
  });

  it('a jobs table whose lock_edges is not a list of edges is a typed error naming the job', () => {
    const bad = aq.from([{ id: 'abc123', kind: 'explore', scenario_name: 'order-by-race', lock_edges: '[{"from":1}]' }]);
    expect(() => lockOrderCycles(bad)).toThrow(/results job abc123: column lock_edges is not a list of lock-class edges/);
  });
});
