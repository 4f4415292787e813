/** Small scenarios shared by the sync tests and benchmarks. */
import {
  AtomicU32, irqWindow, lockClass, SpinLock, spinUntil, type Co, type Scenario,
} from '../../kernel-sim/sync/index.js';

/** Two threads increment a counter with a separate load and store: a lost update. */
export const lostUpdate: Scenario = {
  name: 'lost-update',
  setup(w) {
    const counter = new AtomicU32('counter');
    for (const cpu of w.addCpus(2)) {
      w.spawn(cpu, `inc${cpu.index}`, function* () {
        const v = yield* counter.load();
        yield* counter.store(v + 1);
      });
    }
    w.atEnd(() => counter.peek() === 2 || `counter is ${counter.peek()}, expected 2`, 'counter');
  },
};

/** The same with fetchAdd: no lost update. */
export const atomicIncrement: Scenario = {
  name: 'atomic-increment',
  setup(w) {
    const counter = new AtomicU32('counter');
    for (const cpu of w.addCpus(2)) {
      w.spawn(cpu, `inc${cpu.index}`, function* () {
        yield* counter.fetchAdd(1);
        yield* counter.fetchAdd(1);
      });
    }
    w.atEnd(() => counter.peek() === 4 || `counter is ${counter.peek()}, expected 4`, 'counter');
  },
};

/** Two threads, each takes a lock and does a non-atomic increment under it (four steps each). */
export const lockedIncrement: Scenario = {
  name: 'locked-increment',
  setup(w) {
    const lock = new SpinLock('counter-lock');
    const counter = new AtomicU32('counter');
    for (const cpu of w.addCpus(2)) {
      w.spawn(cpu, `inc${cpu.index}`, function* () {
        const g = yield* lock.lock();
        const v = yield* counter.load();
        yield* counter.store(v + 1);
        yield* g.release();
      });
    }
    w.atEnd(() => counter.peek() === 2 || `counter is ${counter.peek()}`);
  },
};

function* both(first: SpinLock, second: SpinLock): Co<void> {
  const a = yield* first.lock();
  const b = yield* second.lock();
  yield* b.release();
  yield* a.release();
}

/** Thread 0 takes A then B, thread 1 takes B then A. */
export const abba: Scenario = {
  name: 'abba',
  setup(w) {
    const a = new SpinLock('A');
    const b = new SpinLock('B');
    w.addCpus(2);
    w.spawn(0, 'ab', () => both(a, b));
    w.spawn(1, 'ba', () => both(b, a));
  },
};

/** A thread holds a lock (taken with `lock()` or `lockIrqDisabled()`); an IRQ handler on its CPU takes it. */
export function irqSelf(irqDisabled: boolean): Scenario {
  return {
    name: irqDisabled ? 'irq-self-fixed' : 'irq-self',
    setup(w) {
      const lock = new SpinLock('frame-allocator');
      const cpu = w.addCpu();
      let handled = 0;
      w.spawn(cpu, 'alloc', function* () {
        const g = irqDisabled ? yield* lock.lockIrqDisabled() : yield* lock.lock();
        yield* irqWindow();
        yield* g.release();
      });
      w.raiseIrq(cpu, 32, function* () {
        yield* lock.locked(function* () {
          handled++;
        });
      }, 'timer-irq');
      w.atEnd(() => handled === 1 || 'the interrupt was not handled');
    },
  };
}

/** Page-table node locks of one path, 4 (root) to 1 (leaf). */
export const PT = lockClass('pt-node-test', { protocol: 'root-to-leaf' });

/** A cursor that locks root to leaf and releases in `order`. */
export function cursor(release: 'leaf-first' | 'root-first'): Scenario {
  return {
    name: `cursor-${release}`,
    setup(w) {
      const nodes = [4, 3, 2, 1].map((level) => new SpinLock(`pt-l${level}`, { class: PT, level }));
      w.addCpu();
      w.spawn(0, 'cursor', function* () {
        const guards = [];
        for (const n of nodes) guards.push(yield* n.lock());
        const order = release === 'root-first' ? guards : guards.slice().reverse();
        for (const g of order) yield* g.release();
      });
    },
  };
}

/** A holder keeps a lock for `hold` steps while another CPU spins on it. */
export function longHold(hold: number): Scenario {
  return {
    name: `long-hold-${hold}`,
    setup(w) {
      const lock = new SpinLock('busy');
      w.addCpus(2);
      w.spawn(0, 'holder', function* () {
        const g = yield* lock.lock();
        for (let i = 0; i < hold; i++) yield* irqWindow();
        yield* g.release();
      });
      w.spawn(1, 'waiter', function* () {
        yield* lock.locked(function* () {});
      });
    },
  };
}

/** A thread exits holding a lock another waits for (Target 7's failure mode). */
export const leakedLock: Scenario = {
  name: 'leaked-lock',
  allowLockLeaks: true,
  setup(w) {
    const lock = new SpinLock('node');
    w.addCpus(2);
    w.spawn(0, 'forgetful', function* () {
      yield* lock.lock(); // never released
    });
    w.spawn(1, 'waiter', function* () {
      yield* irqWindow();
      yield* lock.locked(function* () {});
    });
  },
};

/** A thread waits for a flag nobody sets. */
export const stuckFlag: Scenario = {
  name: 'stuck-flag',
  setup(w) {
    const flag = new AtomicU32('ready');
    w.addCpus(2);
    w.spawn(0, 'waiter', () => spinUntil(() => flag.peek() === 1, 'ready == 1'));
    w.spawn(1, 'other', function* () {
      yield* flag.store(0);
    });
  },
};

/**
 * One thread takes two locks in an order the first choice of a schedule decides: A then B when
 * the writer on the other CPU started first, B then A otherwise (each thread's first step runs
 * its code up to its first yield). No run deadlocks (one thread takes locks) and no run alone
 * holds a class cycle; the schedules together show both edges, a lockdep cycle. Cut at depth 1,
 * a DFS puts the two orders in two different shards.
 */
export const orderByRace: Scenario = {
  name: 'order-by-race',
  setup(w) {
    const a = new SpinLock('race-A');
    const b = new SpinLock('race-B');
    const flag = new AtomicU32('flag');
    let writerFirst = false;
    w.addCpus(2);
    w.spawn(0, 'locker', function* () {
      const ab = writerFirst;
      yield* (ab ? both(a, b) : both(b, a));
    });
    w.spawn(1, 'writer', function* () {
      writerFirst = true;
      yield* flag.store(1);
    });
  },
};
