import { describe, expect, it } from 'vitest';
import {
  explore, lockClass, LockOrderChecker, LockOrderViolation, replay, setSyncLockOrder, SpinLock, type Scenario,
} from '../../kernel-sim/sync/index.js';
import { abba, cursor, PT } from './scenarios.js';

describe('page-table protocol (FG4.11): acquire root to leaf, release leaf to root', () => {
  it("reports CUR-03's root-first release with both locks and the trace", () => {
    const sc = cursor('root-first');
    const f = explore(sc).failures[0]!;
    expect(f.kind).toBe('lock-order');
    const v = f.error as LockOrderViolation;
    expect(v).toBeInstanceOf(LockOrderViolation);
    expect(v.rule).toBe('hierarchy-release');
    expect(v.locks).toEqual(['pt-l3', 'pt-l4']);
    expect(v.held).toEqual(['pt-l4', 'pt-l3', 'pt-l2', 'pt-l1']);
    expect(f.message).toContain('releases pt-l4 (level 4) while still holding pt-l3 (level 3)');
    expect(f.trace.filter((e) => e.kind === 'acquire').map((e) => e.target)).toEqual(['pt-l4', 'pt-l3', 'pt-l2', 'pt-l1']);
    expect(f.trace.filter((e) => e.kind === 'release').map((e) => e.target)).toEqual(['pt-l4']);
    expect(replay(sc, f.schedule).failure!.message).toBe(f.message);
  });

  it('the leaf-first release of the fix is clean', () => {
    const r = explore(cursor('leaf-first'));
    expect(r.complete).toBe(true);
    expect(r.failures).toEqual([]);
  });

  it('reports a leaf-to-root acquisition', () => {
    const sc: Scenario = {
      name: 'pt-upward',
      setup(w) {
        const l1 = new SpinLock('leaf', { class: PT, level: 1 });
        const l2 = new SpinLock('parent', { class: PT, level: 2 });
        w.addCpu();
        w.spawn(0, 'cursor', function* () {
          yield* l1.locked(() => l2.locked(function* () {}));
        });
      },
    };
    const v = explore(sc).failures[0]!.error as LockOrderViolation;
    expect(v.rule).toBe('hierarchy-acquire');
    expect(v.message).toContain('acquires parent (level 2) while holding leaf (level 1)');
  });

  it('checks synchronous code too once enabled', () => {
    const checker = new LockOrderChecker();
    setSyncLockOrder(checker);
    try {
      const root = new SpinLock('root', { class: PT, level: 4 });
      const child = new SpinLock('child', { class: PT, level: 3 });
      expect(() => root.withLock(() => child.withLock(() => 1))).not.toThrow();
      expect(() => child.withLock(() => root.withLock(() => 1))).toThrow(/while holding child \(level 3\)/);
      expect(root.isLocked() || child.isLocked()).toBe(false);
    } finally {
      setSyncLockOrder(null);
    }
  });
});

describe('class cycles (lockdep)', () => {
  it('A→B in one thread and B→A in another is reported without needing the deadlock', () => {
    const f = explore(abba, { strategy: 'dfs', preemptionBound: 0 }).failures[0]!;
    expect(f.kind).toBe('lock-order');
    const v = f.error as LockOrderViolation;
    expect(v.rule).toBe('class-cycle');
    expect(v.cycle.map((d) => `${d.from}->${d.to}`).sort()).toEqual(['A->B', 'B->A']);
    expect(replay(abba, f.schedule).failure!.kind).toBe('lock-order');
  });

  it('is found across runs and scenarios sharing a checker, naming both witnesses', () => {
    const cls = { a: lockClass('cls-a'), b: lockClass('cls-b') };
    const nested = (name: string, outer: 'a' | 'b'): Scenario => ({
      name,
      setup(w) {
        const first = new SpinLock(`${outer}-lock`, { class: cls[outer] });
        const second = outer === 'a' ? new SpinLock('b-lock', { class: cls.b }) : new SpinLock('a-lock', { class: cls.a });
        w.addCpu();
        w.spawn(0, name, () => first.locked(() => second.locked(function* () {})));
      },
    });
    const checker = new LockOrderChecker();
    expect(explore(nested('first', 'a'), { lockOrder: checker }).failures).toEqual([]);
    expect(checker.dependencies().map((d) => `${d.from}->${d.to}`)).toEqual(['cls-a->cls-b']);
    const f = explore(nested('second', 'b'), { lockOrder: checker }).failures[0]!;
    const v = f.error as LockOrderViolation;
    expect(v.rule).toBe('class-cycle');
    expect(v.cycle.map((d) => d.witness.thread).sort()).toEqual(['first', 'second']);
    // The trace was replayed against the checker as it was before the run: same report.
    expect(f.trace.at(-1)!.detail).toContain('class cycle');
    // Alone, the second scenario is fine.
    expect(explore(nested('second', 'b')).failures).toEqual([]);
  });

  it('two instances of one plain class nested is possible recursive locking', () => {
    const cls = lockClass('heap-test');
    const sc: Scenario = {
      name: 'recursive',
      setup(w) {
        const a = new SpinLock('heap0', { class: cls });
        const b = new SpinLock('heap1', { class: cls });
        w.addCpu();
        w.spawn(0, 't', () => a.locked(() => b.locked(function* () {})));
      },
    };
    expect((explore(sc).failures[0]!.error as LockOrderViolation).rule).toBe('recursive-class');
  });

  it('record-only mode collects violations without failing the run', () => {
    const checker = new LockOrderChecker({ throwOnViolation: false });
    const r = explore(cursor('root-first'), { lockOrder: checker });
    expect(r.failures).toEqual([]);
    expect(checker.violations.map((v) => v.rule)).toEqual(['hierarchy-release', 'hierarchy-release', 'hierarchy-release']);
  });

  it('a class cannot change protocol', () => {
    expect(() => lockClass('pt-node-test', { protocol: 'none' })).toThrow(/already declared/);
  });
});
