import { bench, describe } from './bench-api.js';
import { AtomicU32, explore, irqWindow, SpinLock, type Scenario } from '../../kernel-sim/sync/index.js';
import { lockedIncrement } from '../sync/scenarios.js';

const RUNS = 10_000;

describe(`schedules of a two-thread, four-step lock program (schedules per iteration: ${RUNS.toLocaleString('en')}; target >= 50,000 schedules/s, i.e. >= 5 it/s)`, () => {
  let seed = 1;
  bench('random', () => {
    explore(lockedIncrement, { strategy: 'random', seed: seed++, runs: RUNS });
  });
  bench('pct (d=2)', () => {
    explore(lockedIncrement, { strategy: 'pct', depth: 2, seed: seed++, runs: RUNS });
  });
});

/** Three CPUs: lock-protected increments, a refcount, an interrupt on CPU 0 taking the lock with IRQs off. */
const small: Scenario = {
  name: 'small-three-cpu',
  setup(w) {
    const lock = new SpinLock('bench-lock');
    const counter = new AtomicU32('counter');
    const refs = new AtomicU32('refs', 1);
    w.addCpus(3);
    for (let c = 0; c < 3; c++) {
      w.spawn(c, `t${c}`, function* () {
        yield* refs.fetchAdd(1);
        yield* lock.locked(function* () {
          const v = yield* counter.load();
          yield* counter.store(v + 1);
        }, { irqDisabled: true });
        yield* refs.fetchSub(1);
      });
    }
    w.raiseIrq(0, 32, function* () {
      yield* irqWindow();
      yield* refs.fetchAdd(0);
    });
    w.atEnd(() => counter.peek() === 3 && refs.peek() === 1);
  },
};

describe('exhaustive DFS, preemption bound 2', () => {
  bench(`three CPUs, lock + atomics + one IRQ (${explore(small, { strategy: 'dfs', preemptionBound: 2 }).runs.toLocaleString('en')} schedules)`, () => {
    const r = explore(small, { strategy: 'dfs', preemptionBound: 2 });
    if (!r.complete || r.failures.length > 0) throw new Error('unexpected result');
  });
  bench(`two-thread lock program, unbounded (all ${explore(lockedIncrement, { strategy: 'dfs', preemptionBound: Infinity }).runs} schedules)`, () => {
    explore(lockedIncrement, { strategy: 'dfs', preemptionBound: Infinity });
  });
});
