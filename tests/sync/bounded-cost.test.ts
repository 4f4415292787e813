import { describe, expect, it } from 'vitest';
import { cli, ensureBuilt } from '../cli/compiled-cli.js';
import { getScenario } from '../../kernel-sim/audit/scenarios/index.js';
import { decodeScheduleRuns, explore, replay, ScheduleMismatchError } from '../../kernel-sim/sync/index.js';

// Issue 12: bounded cost on hostile input.
describe('replay and explore on hostile input', () => {
  it('a 29-character schedule claiming 50 M steps fails at the step the scenario ends, without expanding it', () => {
    const s = getScenario('hep-03').build('audited', {});
    const sched = 'ks1:hep-03/audited:0x49999999';
    expect(decodeScheduleRuns(sched)).toMatchObject({ steps: 49_999_999, runs: [{ code: 0, count: 49_999_999 }] });
    const before = process.memoryUsage().heapUsed;
    let err: unknown;
    try { replay(s, sched); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ScheduleMismatchError);
    expect((err as ScheduleMismatchError).step).toBe(8);
    expect((err as ScheduleMismatchError).reason).toBe('too-long');
    // 50 M expanded choices would be hundreds of MB; step by step it is nothing.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 2 ** 20);
  });

  it('a schedule of a choice never enabled names its step', () => {
    const s = getScenario('hep-03').build('audited', {});
    let err: unknown;
    try { replay(s, 'ks1:hep-03/audited:0x3,7x100000000'.replace('100000000', '40000000')); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ScheduleMismatchError);
    expect((err as ScheduleMismatchError).reason).toBe('not-enabled');
    expect((err as ScheduleMismatchError).step).toBe(3);
  });

  it('explore without a failure cap keeps a bounded sample and counts every failure', () => {
    const s = getScenario('mop-02').build('audited', {});
    const r = explore(s, { strategy: 'random', seed: 3, runs: 3000, stopOnFailure: false, maxFailures: Infinity, keepFailures: 5 });
    expect(r.runs).toBe(3000);
    expect(r.failures).toHaveLength(5);
    expect(r.failureCount).toBeGreaterThan(5);
    expect(Object.values(r.failureKinds).reduce((a, b) => a + b, 0)).toBe(r.failureCount);
    for (const f of r.failures) expect(f.schedule).toMatch(/^ks1:mop-02\/audited:/);
  });
});

describe('kernel-sim replay on a hostile schedule', () => {
  it('fails with the typed mismatch naming step 8, not after expanding 50 M steps', () => {
    ensureBuilt();
    const r = cli('replay', 'hep-03', 'ks1:hep-03/audited:0x49999999');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^kernel-sim: ScheduleMismatchError: .* at step 8 \(too-long\)/);
  });
});
