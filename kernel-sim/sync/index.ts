/**
 * Deterministic simulated concurrency: CPUs with an interrupt flag, threads and interrupt
 * handlers written as generators that yield at preemption points, spin locks (`lock`,
 * `lockIrqDisabled`), atomics, an interrupt controller, a scheduler with random, PCT and
 * bounded-DFS strategies, deadlock and liveness detection, lockdep-style lock-order checking,
 * replayable schedule strings and per-CPU timelines.
 *
 * Simplifications (each also noted at its place): sequential consistency only (no weak memory);
 * one thread per CPU plus nested interrupt handlers; interrupts FIFO per CPU without priorities;
 * no partial-order reduction in the DFS.
 *
 * ```ts
 * const lostUpdate: Scenario = {
 *   name: 'lost-update',
 *   setup(w) {
 *     const counter = new AtomicU32('counter');
 *     for (const cpu of w.addCpus(2)) w.spawn(cpu, `inc${cpu.index}`, function* () {
 *       const v = yield* counter.load();
 *       yield* counter.store(v + 1);
 *     });
 *     w.atEnd(() => counter.peek() === 2 || `counter is ${counter.peek()}`);
 *   },
 * };
 * const r = explore(lostUpdate, { strategy: 'dfs', preemptionBound: 2 });
 * replay(lostUpdate, r.failures[0]!.schedule);   // the same failure, with its trace
 * ```
 * @module
 */
export * from './effect.js';
export { Cpu } from './cpu.js';
export { SimThread, currentThread, synchronousThread, setSyncLockOrder, type ThreadKind } from './thread.js';
export * from './errors.js';
export { runToCompletion } from './run-to-completion.js';
export { SpinLock, SpinGuard, type SpinLockOptions } from './spin-lock.js';
export { AtomicU32, type CompareExchangeResult } from './atomic.js';
export { IrqController, irqWindow, enableLocalIrq, disableLocalIrq, localIrqEnabled, type PendingIrq } from './irq.js';
export { spinUntil } from './spin.js';
export { LockClass, lockClass, type LockProtocol } from './lock-class.js';
export * from './lock-order.js';
export { classCycles, describeCycle, LockDependencyGraph } from './lock-graph.js';
export { World, ScenarioSetupError, type WorldCheck } from './world.js';
export type { Scenario, Verdict } from './scenario.js';
export type { Failure, FailureKind, WaitEdge } from './failure.js';
export type { TraceEvent, TraceKind } from './trace.js';
export { analyseBlocked, describeChain, type BlockAnalysis } from './deadlock.js';
export * from './schedule-string.js';
export { cpuOfChoice, isIrqChoice, isPreemption, type Chooser, type RunView, type Strategy } from './strategy.js';
export { SeededRng } from '../util/seeded-rng.js';
export { RandomStrategy } from './strategies/random.js';
export { PctStrategy } from './strategies/pct.js';
export { DfsStrategy, type DfsShard } from './strategies/dfs.js';
export { ReplayChooser } from './strategies/replay.js';
export { executeRun, type RunOptions, type RunOutcome, type RawFailure } from './run.js';
export * from './explore.js';
export { timelineRows, type TimelineRow } from './timeline.js';
