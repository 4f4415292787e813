import { describe, expect, it } from 'vitest';
import { explore, replay, timelineRows, type StrategyName } from '../../kernel-sim/sync/index.js';
import { atomicIncrement, lockedIncrement, lostUpdate } from './scenarios.js';

const strategies: StrategyName[] = ['random', 'pct', 'dfs'];

describe('lost update on a non-atomic counter', () => {
  for (const strategy of strategies) {
    it(`is found by ${strategy} and its schedule replays to the same failure`, () => {
      const r = explore(lostUpdate, { strategy, seed: 3, runs: 200 });
      expect(r.failures).toHaveLength(1);
      const f = r.failures[0]!;
      expect(f.kind).toBe('invariant');
      expect(f.message).toContain('counter is 1, expected 2');
      expect(f.schedule).toMatch(/^ks1:lost-update:/);
      expect(f.trace.at(-1)!.kind).toBe('failure');
      const again = replay(lostUpdate, f.schedule);
      expect(again.ok).toBe(false);
      expect(again.failure!.kind).toBe(f.kind);
      expect(again.failure!.message).toBe(f.message);
      expect(again.schedule).toBe(f.schedule);
      expect(again.trace).toEqual(f.trace);
    });
  }

  it('needs exactly one preemption: bound 0 is clean and complete, bound 1 finds it', () => {
    const none = explore(lostUpdate, { strategy: 'dfs', preemptionBound: 0 });
    expect(none.failures).toEqual([]);
    expect(none.complete).toBe(true);
    expect(explore(lostUpdate, { strategy: 'dfs', preemptionBound: 1 }).failures).toHaveLength(1);
  });

  it('collects several distinct failing schedules when asked not to stop', () => {
    const r = explore(lostUpdate, { strategy: 'dfs', preemptionBound: 2, stopOnFailure: false });
    expect(r.complete).toBe(true);
    expect(r.failures.length).toBeGreaterThan(1);
    expect(new Set(r.failures.map((f) => f.schedule)).size).toBe(r.failures.length);
    for (const f of r.failures) expect(replay(lostUpdate, f.schedule).failure!.message).toBe(f.message);
  });
});

describe('fetchAdd', () => {
  it('is clean under exhaustive DFS with preemption bound 2', () => {
    const r = explore(atomicIncrement, { strategy: 'dfs', preemptionBound: 2 });
    expect(r.complete).toBe(true);
    expect(r.failures).toEqual([]);
    expect(r.runs).toBeGreaterThan(1);
  });

  it('bounded DFS explores a subset of the unbounded one', () => {
    const counts = [0, 1, 2, Infinity].map((b) => explore(atomicIncrement, { strategy: 'dfs', preemptionBound: b }).runs);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(counts[0]).toBe(2); // which thread starts; the other only runs when the first ends
    // Unbounded: all interleavings of two 3-step threads, C(6,3) = 20.
    expect(counts[3]).toBe(20);
  });
});

describe('a lock around the increment', () => {
  it('makes the non-atomic increment safe: every interleaving is clean', () => {
    const r = explore(lockedIncrement, { strategy: 'dfs', preemptionBound: Infinity });
    expect(r.complete).toBe(true);
    expect(r.failures).toEqual([]);
    // The second thread's start can sit in any of 6 places around the first's 5 steps, for either first thread.
    expect(r.runs).toBe(12);
  });
});

describe('determinism', () => {
  for (const strategy of ['random', 'pct'] as const) {
    it(`${strategy}: the same seed gives the same runs and failures`, () => {
      const a = explore(lostUpdate, { strategy, seed: 42, runs: 300, stopOnFailure: false, maxFailures: 1000 });
      const b = explore(lostUpdate, { strategy, seed: 42, runs: 300, stopOnFailure: false, maxFailures: 1000 });
      expect(a.runs).toBe(300);
      expect(a.steps).toBe(b.steps);
      expect(a.failures.map((f) => f.schedule)).toEqual(b.failures.map((f) => f.schedule));
      expect(a.failures.length).toBeGreaterThan(0);
    });
  }

  it('different seeds give different schedule sequences', () => {
    const sched = (seed: number) =>
      explore(lostUpdate, { strategy: 'random', seed, runs: 50, stopOnFailure: false, maxFailures: 1000 }).failures.map((f) => f.schedule).join(' ');
    expect(sched(1)).not.toBe(sched(2));
  });

  it('dfs is deterministic', () => {
    const a = explore(lostUpdate, { strategy: 'dfs', stopOnFailure: false });
    const b = explore(lostUpdate, { strategy: 'dfs', stopOnFailure: false });
    expect(a.failures.map((f) => f.schedule)).toEqual(b.failures.map((f) => f.schedule));
  });
});

describe('timeline rows', () => {
  it('are plain JSON rows, one lane per CPU, ending with the failure', () => {
    const f = explore(lostUpdate).failures[0]!;
    const rows = timelineRows(f);
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
    expect(new Set(rows.filter((r) => r.kind !== 'failure').map((r) => r.lane))).toEqual(new Set(['cpu 0', 'cpu 1']));
    expect(rows.at(-1)!.kind).toBe('failure');
    const atomics = rows.filter((r) => r.kind === 'atomic');
    expect(atomics.every((r) => r.lock === 'counter' && (r.detail === 'load' || r.detail === 'store'))).toBe(true);
    expect(timelineRows(replay(lostUpdate, f.schedule))).toEqual(rows);
  });
});
