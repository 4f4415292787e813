import { describe, expect, it } from 'vitest';
import {
  getScenario, hep01FailureRate, hep02HeapSizeOverBurst, SCENARIOS, ScenarioParamError, scenarioFromName,
} from '../../../kernel-sim/audit/scenarios/index.js';
import { explore, replay, ScheduleMismatchError, UnknownScenarioError } from '../../../kernel-sim/sync/index.js';

describe('every registry scenario under exhaustive DFS, preemption bound 2', () => {
  for (const entry of SCENARIOS) {
    it(`${entry.id}: audited finds ${entry.expect.audited.join(' and ')}, each replaying to the same failure`, () => {
      const s = entry.build('audited');
      expect(s.name).toBe(`${entry.id}/audited`);
      const r = explore(s, { strategy: 'dfs', preemptionBound: 2, stopOnFailure: false, maxFailures: 10_000 });
      expect(r.complete).toBe(true);
      expect(new Set(r.failures.map((f) => f.kind))).toEqual(new Set(entry.expect.audited));
      for (const kind of entry.expect.audited) {
        const f = r.failures.find((x) => x.kind === kind)!;
        expect(f.schedule.startsWith(`ks1:${entry.id}/audited:`)).toBe(true);
        const again = replay(scenarioFromName(`${entry.id}/audited`), f.schedule);
        expect(again.ok).toBe(false);
        expect(again.failure!.kind).toBe(f.kind);
        expect(again.failure!.message).toBe(f.message);
      }
    });

    it(`${entry.id}: fixed is clean in every schedule`, () => {
      const r = explore(entry.build('fixed'), { strategy: 'dfs', preemptionBound: 2 });
      expect(r.complete).toBe(true);
      expect(r.failures.map((f) => f.message)).toEqual([]);
      expect(r.runs).toBeGreaterThan(1);
    });
  }
});

describe('the failures say what the audit says', () => {
  const first = (id: string) => explore(getScenario(id).build('audited'), { strategy: 'dfs', preemptionBound: 2 }).failures[0]!;

  it('alo-01: the interrupt handler spins on FRAME_ALLOCATOR held by the context it interrupted', () => {
    const f = first('alo-01');
    expect(f.message).toMatch(/self-deadlock on cpu 0/);
    expect(f.message).toContain('FRAME_ALLOCATOR');
  });

  it('hep-01: an allocation fails although its rescue succeeded', () => {
    expect(first('hep-01').message).toContain('allocation failed although rescue succeeded');
  });

  it('hep-03: CPU 0 spins on the frame lock it holds (nested rescue)', () => {
    expect(first('hep-03').message).toMatch(/'heap-alloc'.*FRAME_ALLOCATOR.*held by 'heap-alloc'/);
  });

  it('mop-02 and target-08: ref_count below the owners', () => {
    expect(first('mop-02').message).toMatch(/seen from CPU 1: .*ref_count \d+ < owners \d+/);
    expect(first('target-08').message).toMatch(/Target 8: .*ref_count \d+ < owners \d+/);
  });

  it('target-07 and target-03: a spin nobody can end', () => {
    expect(first('target-07').message).toMatch(/cursor\d.*would spin forever.*lock byte/);
    expect(first('target-03').message).toMatch(/from_unused.*would spin forever/);
  });
});

describe('hep-01 with more CPUs', () => {
  it('takes a cpus parameter into its name, and finds the failure with 3 CPUs', () => {
    const s = getScenario('hep-01').build('audited', { cpus: 3 });
    expect(s.name).toBe('hep-01/audited/cpus=3');
    expect(getScenario('hep-01').build('audited', { cpus: 2 }).name).toBe('hep-01/audited');
    const f = explore(s, { strategy: 'dfs', preemptionBound: 2 }).failures[0]!;
    expect(replay(scenarioFromName('hep-01/audited/cpus=3'), f.schedule).failure!.message).toBe(f.message);
  });

  it('failure rate grows with CPU count; fixed never fails', () => {
    const rates = [2, 4, 8].map((c) => hep01FailureRate(c, { runs: 300, seed: 7 }));
    expect(rates[0]!.failures).toBeGreaterThan(0);
    expect(rates[2]!.rate).toBeGreaterThan(rates[0]!.rate);
    expect(hep01FailureRate(4, { runs: 300, seed: 7, variant: 'fixed' }).failures).toBe(0);
    expect(hep01FailureRate(4, { runs: 300, seed: 7 })).toEqual(rates[1]); // seeded
  });
});

describe('hep-02 heap size over a burst', () => {
  it('audited never shrinks; fixed returns the excess', () => {
    const audited = hep02HeapSizeOverBurst({ bugs: ['HEP-02'] });
    const fixed = hep02HeapSizeOverBurst({ bugs: [] });
    const peak = Math.max(...audited.map((r) => r.heapBytes));
    expect(audited.at(-1)!.heapBytes).toBe(peak);
    expect(audited.at(-1)!.allocatedBytes).toBe(0);
    expect(fixed.at(-1)!.heapBytes).toBeLessThan(peak / 4);
    expect(fixed.map((r) => r.step)).toEqual(fixed.map((_, i) => i));
  });
});

describe('bad input', () => {
  it('an unknown scenario id lists the known ones', () => {
    expect(() => getScenario('nope')).toThrow(UnknownScenarioError);
    expect(() => getScenario('nope')).toThrow(/alo-01.*target-03/);
    expect(() => scenarioFromName('nope/audited')).toThrow(UnknownScenarioError);
  });

  it.each([
    ['hep-01'], ['hep-01/buggy'], ['hep-01/audited/cpus=9'], ['hep-01/audited/cpus=x'], ['hep-01/audited/cores=4'],
    ['hep-01/audited/cpus=2'], ['alo-01/fixed/cpus=2'], [''],
  ])('malformed or out-of-range name %j: ScenarioParamError', (name) => {
    expect(() => scenarioFromName(name)).toThrow(ScenarioParamError);
  });

  it('a schedule of one scenario replayed on another is a typed mismatch', () => {
    const f = explore(getScenario('alo-01').build('audited')).failures[0]!;
    expect(() => replay(getScenario('alo-01').build('fixed'), f.schedule)).toThrow(ScheduleMismatchError);
    const g = explore(getScenario('hep-01').build('audited')).failures[0]!;
    expect(() => replay(getScenario('hep-01').build('audited', { cpus: 3 }), g.schedule)).toThrow(ScheduleMismatchError);
  });
});
