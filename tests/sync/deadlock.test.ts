import { describe, expect, it } from 'vitest';
import { explore, replay, type StrategyName } from '../../kernel-sim/sync/index.js';
import { abba, irqSelf, leakedLock, longHold, stuckFlag } from './scenarios.js';

const strategies: StrategyName[] = ['random', 'pct', 'dfs'];

describe('ABBA deadlock', () => {
  for (const strategy of strategies) {
    it(`is found by ${strategy} with its cycle`, () => {
      const r = explore(abba, { strategy, lockOrder: false, runs: 500 });
      const f = r.failures[0]!;
      expect(f.kind).toBe('deadlock');
      expect(f.cycle).toHaveLength(2);
      const byThread = Object.fromEntries(f.cycle.map((e) => [e.thread, e]));
      expect(byThread['ab']).toMatchObject({ via: 'lock', what: 'B', waitsFor: 'ba', cpu: 0 });
      expect(byThread['ba']).toMatchObject({ via: 'lock', what: 'A', waitsFor: 'ab', cpu: 1 });
      expect(f.message).toMatch(/^deadlock: /);
      const again = replay(abba, f.schedule, { lockOrder: false });
      expect(again.failure!.cycle).toEqual(f.cycle);
    });
  }

  it('needs one preemption (bound 0 cannot interleave the two critical sections)', () => {
    expect(explore(abba, { strategy: 'dfs', preemptionBound: 0, lockOrder: false }).failures).toEqual([]);
    expect(explore(abba, { strategy: 'dfs', preemptionBound: 1, lockOrder: false }).failures[0]!.kind).toBe('deadlock');
  });
});

describe('IRQ self-deadlock (ALO-01 shape)', () => {
  for (const strategy of strategies) {
    it(`with lock(): found by ${strategy}, handler waiting for the thread it interrupted`, () => {
      const f = explore(irqSelf(false), { strategy, runs: 500 }).failures[0]!;
      expect(f.kind).toBe('deadlock');
      expect(f.message).toMatch(/^irq self-deadlock on cpu 0/);
      expect(f.cycle).toEqual([
        { thread: 'timer-irq', cpu: 0, via: 'lock', what: 'frame-allocator', waitsFor: 'alloc' },
        { thread: 'alloc', cpu: 0, via: 'interrupted', what: 'timer-irq', waitsFor: 'timer-irq' },
      ]);
      expect(f.schedule).toMatch(/,i0$/); // the interrupt is the last choice
      const irqRows = f.trace.filter((e) => e.threadKind === 'irq');
      expect(irqRows.some((e) => e.kind === 'irq-enter' && e.depth === 1)).toBe(true);
      expect(replay(irqSelf(false), f.schedule).failure!.cycle).toEqual(f.cycle);
    });
  }

  it('is impossible with lockIrqDisabled(): every schedule is clean and the IRQ is still handled', () => {
    const r = explore(irqSelf(true), { strategy: 'dfs', preemptionBound: Infinity });
    expect(r.complete).toBe(true);
    expect(r.failures).toEqual([]);
    // The interrupt arrives before the lock, or once IF is back to 1 after the release.
    expect(r.runs).toBeGreaterThanOrEqual(2);
  });
});

describe('liveness', () => {
  it('a waiter spinning longer than the spin bound is a liveness failure with its schedule', () => {
    const sc = longHold(30);
    const f = explore(sc, { strategy: 'dfs', spinBound: 10 }).failures[0]!;
    expect(f.kind).toBe('liveness');
    expect(f.thread).toBe('waiter');
    expect(f.message).toMatch(/spun 11 times on lock 'busy' \(held by 'holder'\), more than the bound 10/);
    expect(replay(sc, f.schedule, { spinBound: 10 }).failure!.message).toBe(f.message);
    // With a higher bound the same program is fine.
    expect(explore(sc, { strategy: 'dfs', spinBound: 100, preemptionBound: 1 }).failures).toEqual([]);
  });

  it('waiting for a lock whose holder exited is reported at once', () => {
    const f = explore(leakedLock).failures[0]!;
    expect(f.kind).toBe('liveness');
    expect(f.cycle).toEqual([{ thread: 'waiter', cpu: 1, via: 'lock', what: 'node', waitsFor: 'forgetful' }]);
    expect(f.message).toContain('which has exited');
  });

  it('exiting with a lock held is a lock-leak unless the scenario allows it', () => {
    const f = explore({ ...leakedLock, name: 'leak', allowLockLeaks: false }).failures[0]!;
    expect(f.kind).toBe('lock-leak');
    expect(f.message).toBe("'forgetful' (cpu 0) exited holding 'node'");
  });

  it('a condition nobody can make true leaves no CPU able to progress', () => {
    const f = explore(stuckFlag).failures[0]!;
    expect(f.kind).toBe('liveness');
    expect(f.message).toContain("'waiter' (cpu 0) waits for ready == 1 forever");
  });

  it('a run longer than maxSteps is a liveness failure', () => {
    const f = explore(longHold(50), { maxSteps: 20, spinBound: 1000 }).failures[0]!;
    expect(f.kind).toBe('liveness');
    expect(f.message).toContain('did not finish within 20 steps');
  });
});
