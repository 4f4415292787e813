import { describe, expect, it } from 'vitest';
import { KernelPanic } from '../../kernel-sim/util/errors.js';
import {
  AtomicU32, currentThread, disableLocalIrq, enableLocalIrq, explore, GuardError, irqWindow, localIrqEnabled,
  PctStrategy, runToCompletion, ScenarioSetupError, SpinLock, spinUntil, WouldBlockError, type Co, type Scenario,
} from '../../kernel-sim/sync/index.js';
import { lostUpdate } from './scenarios.js';

describe('the synchronous API runs the same code without generators', () => {
  it('withLock runs a function under the lock and releases it', () => {
    const l = new SpinLock('plain');
    expect(l.withLock(() => (l.isLocked() ? 'held' : 'free'))).toBe('held');
    expect(l.isLocked()).toBe(false);
    expect(() => l.withLock(() => { throw new Error('boom'); })).toThrow('boom');
    expect(l.isLocked()).toBe(false);
  });

  it('withLockIrqDisabled clears IF inside and restores it', () => {
    const l = new SpinLock('irq-safe');
    expect(localIrqEnabled()).toBe(true);
    expect(l.withLockIrqDisabled(() => localIrqEnabled())).toBe(false);
    expect(localIrqEnabled()).toBe(true);
  });

  it('runToCompletion drives a model coroutine', () => {
    const l = new SpinLock('co');
    const n = new AtomicU32('n', 5);
    function* work(): Co<number> {
      return yield* l.locked(function* () {
        yield* irqWindow();
        return (yield* n.fetchAdd(2)) + (yield* n.load());
      });
    }
    expect(runToCompletion(work())).toBe(5 + 7);
    expect(n.fetchSubNow(1)).toBe(7);
    expect(n.compareExchangeNow(6, 10)).toEqual({ ok: true, previous: 6 });
    expect(n.compareExchangeNow(6, 11)).toEqual({ ok: false, previous: 10 });
    n.storeNow(0xffffffff);
    expect(n.fetchAddNow(1)).toBe(0xffffffff);
    expect(n.loadNow()).toBe(0); // wraps like AtomicU32
  });

  it('taking a lock the running context holds is a typed self-deadlock', () => {
    const l = new SpinLock('again');
    let err: unknown;
    try {
      l.withLock(() => l.withLock(() => 0));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WouldBlockError);
    expect((err as WouldBlockError).selfDeadlock).toBe(true);
    expect((err as Error).message).toBe(
      "self-deadlock: spin lock 'again' is already held by the running context 'sync'; spinning on it would never end",
    );
    expect(l.isLocked()).toBe(false);
  });

  it('an unmet spin condition cannot be waited for synchronously', () => {
    expect(() => runToCompletion(spinUntil(() => false, 'never'))).toThrow(WouldBlockError);
    expect(runToCompletion(spinUntil(() => true, 'now'))).toBeUndefined();
  });

  it('a guard cannot be released twice', () => {
    const l = new SpinLock('twice');
    const g = runToCompletion(l.lock());
    g.releaseNow();
    expect(() => g.releaseNow()).toThrow(GuardError);
  });

  it('cli/sti on the synchronous CPU', () => {
    expect(disableLocalIrq()).toBe(true);
    expect(localIrqEnabled()).toBe(false);
    runToCompletion(enableLocalIrq());
    expect(localIrqEnabled()).toBe(true);
    expect(currentThread().name).toBe('sync');
  });
});

describe('runs', () => {
  it('a thread that panics fails the run with the panic; locked() released its lock', () => {
    let lock!: SpinLock;
    const sc: Scenario = {
      name: 'panics',
      setup(w) {
        lock = new SpinLock('l');
        w.addCpu();
        w.spawn(0, 'bad', () => lock.locked(function* () {
          yield* irqWindow();
          throw new KernelPanic('Frame::from_unused', 'ref count 3 != 0 at 0x1000');
        }));
      },
    };
    const f = explore(sc).failures[0]!;
    expect(f.kind).toBe('exception');
    expect(f.error).toBeInstanceOf(KernelPanic);
    expect(f.message).toBe("'bad' (cpu 0) threw KernelPanic: kernel panic in Frame::from_unused: ref count 3 != 0 at 0x1000");
    expect(lock.isLocked()).toBe(false);
  });

  it('invariants run after every step and report their name', () => {
    const sc: Scenario = {
      name: 'always',
      setup(w) {
        const held = new AtomicU32('owners');
        w.addCpus(2);
        for (let i = 0; i < 2; i++) {
          w.spawn(i, `t${i}`, function* () {
            const v = yield* held.load();
            yield* held.store(v + 1);
            yield* held.fetchSub(1);
          });
        }
        w.always(() => held.peek() <= 1 || `${held.peek()} owners`, 'at most one owner');
      },
    };
    const f = explore(sc).failures[0]!;
    expect(f.kind).toBe('invariant');
    expect(f.message).toBe('at most one owner: 2 owners');
  });

  it('an interrupt handler runs with IF clear and IF is restored on return', () => {
    const seen: boolean[] = [];
    const sc: Scenario = {
      name: 'if',
      setup(w) {
        const cpu = w.addCpu();
        w.spawn(cpu, 't', function* () {
          yield* irqWindow();
          seen.push(cpu.interruptsEnabled);
        });
        w.raiseIrq(cpu, 40, function* () {
          seen.push(cpu.interruptsEnabled);
          yield* irqWindow();
        });
      },
    };
    const r = explore(sc, { strategy: 'dfs', preemptionBound: Infinity });
    expect(r.failures).toEqual([]);
    expect(r.complete).toBe(true);
    // Some run interrupted the thread: the handler saw IF=0, the thread IF=1 afterwards.
    expect(seen).toContain(false);
    expect(seen.filter((x) => x).length).toBe(r.runs);
  });

  it('setup errors are typed', () => {
    const two: Scenario = {
      name: 'two',
      setup(w) {
        w.addCpu();
        w.spawn(0, 'a', function* () {});
        w.spawn(0, 'b', function* () {});
      },
    };
    expect(() => explore(two)).toThrow(ScenarioSetupError);
    expect(() => explore({ name: 'none', setup() {} })).toThrow(/no CPU/);
  });

  it('PCT: depth 1 never preempts, depth 2 finds a one-preemption bug; bad depths are refused', () => {
    expect(() => new PctStrategy(1, 0)).toThrow(RangeError);
    expect(explore(lostUpdate, { strategy: 'pct', depth: 1, runs: 200 }).failures).toEqual([]);
    for (const depth of [2, 3]) expect(explore(lostUpdate, { strategy: 'pct', depth, runs: 200 }).failures).toHaveLength(1);
  });

});
