import { describe, expect, it } from 'vitest';
import { getScenario } from '../../kernel-sim/audit/scenarios/index.js';
import { DfsStrategy, encodeSchedule, executeRun, explore, ExploreOptionError, LockOrderChecker, type DfsShard, type Scenario } from '../../kernel-sim/sync/index.js';
import { abba, lostUpdate, orderByRace } from './scenarios.js';

/** The schedules a DFS (sharded or not) runs as its own, in order. */
function schedules(sc: Scenario, bound: number, shard?: DfsShard): string[] {
  const dfs = new DfsStrategy(bound, shard);
  const opts = { maxSteps: 10_000, spinBound: 1_000, record: false, lockOrder: new LockOrderChecker({ classCycles: false }) };
  const out: string[] = [];
  for (let c = dfs.nextRun(); c !== null; c = dfs.nextRun()) {
    const run = executeRun(sc, c, opts);
    if (!dfs.probing) out.push(encodeSchedule(sc.name, run.choices));
  }
  return out;
}

describe('DFS shards (DfsShard): disjoint prefixes of the schedule tree', () => {
  const cases: [string, Scenario, number][] = [
    ['lost-update', lostUpdate, Infinity],
    ['abba', abba, 2],
    ['order-by-race', orderByRace, Infinity],
    ['hep-03/audited', getScenario('hep-03').build('audited'), 2],
  ];
  it.each(cases)('%s: the shards run disjoint sets of schedules whose union is exactly the unsharded DFS', (_name, sc, bound) => {
    const full = schedules(sc, bound);
    expect(new Set(full).size).toBe(full.length);
    for (const [shards, splitDepth] of [[1, 0], [2, 1], [2, 3], [3, 2], [4, 5]] as const) {
      const parts = Array.from({ length: shards }, (_, shard) => schedules(sc, bound, { splitDepth, shard, shards }));
      const all = parts.flat();
      expect(all.length, `${shards} shards cut at ${splitDepth}`).toBe(full.length);
      expect(new Set(all)).toEqual(new Set(full));
    }
  });

  it('deals the tree out: cut below the root, every shard of two has schedules of its own', () => {
    const parts = [0, 1].map((shard) => schedules(lostUpdate, Infinity, { splitDepth: 2, shard, shards: 2 }));
    expect(parts.every((p) => p.length > 0)).toBe(true);
  });

  it('explore() on a shard counts the shard\'s runs only; the shards add up to the full exploration', () => {
    const full = explore(lostUpdate, { strategy: 'dfs', preemptionBound: Infinity, stopOnFailure: false, maxFailures: 1e9 });
    const parts = [0, 1, 2].map((shard) => explore(lostUpdate, { strategy: 'dfs', preemptionBound: Infinity, stopOnFailure: false, maxFailures: 1e9, shard: { splitDepth: 2, shard, shards: 3 } }));
    expect(parts.every((p) => p.complete)).toBe(true);
    expect(parts.reduce((a, p) => a + p.runs, 0)).toBe(full.runs);
    expect(parts.reduce((a, p) => a + p.steps, 0)).toBe(full.steps);
    expect(parts.reduce((a, p) => a + p.failureCount, 0)).toBe(full.failureCount);
    expect(parts[1]!.strategy).toBe('dfs(bound=Infinity,shard=1/3,splitDepth=2)');
  });

  it("explore() on a shard keeps only its own runs' lock-class edges: cut at depth 1, the two orders of a race fall in two shards", () => {
    const pairs = (c: LockOrderChecker) => c.dependencies().map((d) => `${d.from}->${d.to}`).sort();
    const full = new LockOrderChecker();
    explore(orderByRace, { strategy: 'dfs', preemptionBound: Infinity, stopOnFailure: false, maxFailures: 1e9, lockOrder: full });
    expect(pairs(full)).toEqual(['race-A->race-B', 'race-B->race-A']);
    const parts = [0, 1].map((shard) => {
      const c = new LockOrderChecker();
      const r = explore(orderByRace, { strategy: 'dfs', preemptionBound: Infinity, stopOnFailure: false, shard: { splitDepth: 1, shard, shards: 2 }, lockOrder: c });
      expect(r.failureCount).toBe(0);
      return pairs(c);
    });
    expect(parts).toEqual([['race-B->race-A'], ['race-A->race-B']]);
  });

  it('refuses a shard outside 0..shards-1, a shard count below 1 or a negative cut, naming the field', () => {
    expect(() => new DfsStrategy(2, { splitDepth: 1, shard: 2, shards: 2 })).toThrow(ExploreOptionError);
    expect(() => new DfsStrategy(2, { splitDepth: 1, shard: 2, shards: 2 })).toThrow(/option shard\.shard: must be an integer in 0\.\.1, not 2/);
    expect(() => new DfsStrategy(2, { splitDepth: 1, shard: 0, shards: 0 })).toThrow(/option shard\.shards: must be an integer >= 1, not 0/);
    expect(() => new DfsStrategy(2, { splitDepth: -1, shard: 0, shards: 2 })).toThrow(/option shard\.splitDepth: must be an integer >= 0, not -1/);
  });
});
