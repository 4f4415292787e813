import { describe, expect, it } from 'vitest';
import { getScenario } from '../../kernel-sim/audit/scenarios/index.js';
import { exploreShard, type ExploreJob } from '../../kernel-sim/sweep/index.js';
import { explore } from '../../kernel-sim/sync/index.js';

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
    const full = explore(getScenario(id).build(variant), { strategy: 'dfs', preemptionBound: bound, stopOnFailure: false, maxFailures: 1e9 });
    expect(full.complete).toBe(true);
    for (const [shards, splitDepth] of [[1, 0], [2, 3], [3, 2], [5, 6]] as const) {
      const parts = Array.from({ length: shards }, (_, shard) => exploreShard(shardJob(id, variant, { bound, shard, shards, splitDepth })));
      expect(parts.every((p) => p.complete)).toBe(true);
      expect(parts.reduce((a, p) => a + p.runs, 0)).toBe(full.runs);
      expect(parts.reduce((a, p) => a + p.steps, 0)).toBe(full.steps);
      expect(parts.reduce((a, p) => a + p.failures, 0)).toBe(full.failures.length);
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
