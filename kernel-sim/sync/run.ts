/**
 * The executor of one run: builds the scenario's world, then repeatedly lists the enabled
 * choices, asks the chooser for one, performs it, and checks for failures (exceptions,
 * invariants, deadlocks, spin bounds, lock-order violations, leaked locks). The hot loop
 * allocates nothing per step except the choice log and, when recording, trace events.
 * @module
 */
import type { Effect } from './effect.js';
import { analyseBlocked, describeChain } from './deadlock.js';
import type { FailureKind, WaitEdge } from './failure.js';
import { LockOrderViolation, type LockOrderChecker } from './lock-order.js';
import type { Scenario, Verdict } from './scenario.js';
import { ScheduleError } from './schedule-string.js';
import type { Chooser, RunView } from './strategy.js';
import { switchTo, type SimThread } from './thread.js';
import type { TraceEvent, TraceKind } from './trace.js';
import { World, type WorldCheck } from './world.js';

/** Limits and switches of one run. */
export interface RunOptions {
  /** Steps after which the run fails as a liveness failure (livelock or unbounded loop). */
  readonly maxSteps: number;
  /** Spins (steps taken by others while a context is blocked) after which it is a liveness failure. */
  readonly spinBound: number;
  /** Record the trace. */
  readonly record: boolean;
  /** The lock-order checker of the run's contexts, or null. */
  readonly lockOrder: LockOrderChecker | null;
}

/** A failure as the executor finds it (the explorer adds the schedule string). */
export interface RawFailure {
  /** See {@link Failure}. */
  readonly kind: FailureKind;
  /** See {@link Failure}. */
  readonly message: string;
  /** See {@link Failure}. */
  readonly step: number;
  /** See {@link Failure}. */
  readonly thread: string | null;
  /** See {@link Failure}. */
  readonly cpu: number;
  /** See {@link Failure}. */
  readonly cycle: readonly WaitEdge[];
  /** See {@link Failure}. */
  readonly error: unknown;
}

/** What one run did. */
export interface RunOutcome {
  /** The failure, or null when the run completed and its checks held. */
  readonly failure: RawFailure | null;
  /** One choice code per step taken. */
  readonly choices: number[];
  /** The run's world after the run (threads' results, final state). */
  readonly world: World;
  /** The events, when recording. */
  readonly trace: TraceEvent[];
}

function runnable(e: Effect): boolean {
  switch (e.kind) {
    case 'acquire':
      return e.lock.holder === null;
    case 'spin':
      return e.until();
    default:
      return true;
  }
}

function effectTarget(e: Effect): string | null {
  switch (e.kind) {
    case 'acquire':
    case 'release':
      return e.lock.name;
    case 'atomic':
      return e.target;
    case 'spin':
      return e.what;
    default:
      return null;
  }
}

function effectDetail(e: Effect): string | null {
  switch (e.kind) {
    case 'atomic':
      return e.op;
    case 'acquire':
      return e.irqDisabled ? 'irq-disabled' : null;
    case 'irq-window':
      return e.reason;
    default:
      return null;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Runs `scenario` once under `chooser`. Errors of the scenario's setup and schedule errors propagate. */
export function executeRun(scenario: Scenario, chooser: Chooser, opts: RunOptions): RunOutcome {
  const world = new World(opts.lockOrder);
  scenario.setup(world);
  world.seal();
  const cpus = world.cpus;
  const nc = cpus.length;
  const irq = world.irq;
  const en = new Int32Array(2 * nc);
  const choices: number[] = [];
  const trace: TraceEvent[] = [];
  const record = opts.record;
  const invariants = world.invariants;
  const allowLeaks = scenario.allowLockLeaks === true;
  let failure: RawFailure | null = null;
  let step = 0;
  let lastCpu = -1;

  const fail = (kind: FailureKind, message: string, t: SimThread | null, cycle: readonly WaitEdge[] = [], error: unknown = null): void => {
    failure = { kind, message, step, thread: t ? t.name : null, cpu: t ? t.cpu.index : -1, cycle, error };
  };

  const event = (t: SimThread, kind: TraceKind, target: string | null, detail: string | null): void => {
    trace.push({ step, cpu: t.cpu.index, thread: t.name, threadKind: t.kind, depth: t.cpu.stack.indexOf(t), kind, target, detail });
  };

  const view: RunView = {
    scenario: scenario.name,
    cpuCount: nc,
    explain(code: number): string {
      const c = code >= 0 ? code : ~code;
      const cpu = cpus[c];
      if (cpu === undefined) return `there is no CPU ${c} (the scenario has ${nc})`;
      if (code < 0) {
        if (irq.pending(c) === 0) return `no interrupt is pending on CPU ${c}`;
        return `interrupts are disabled on CPU ${c}`;
      }
      const t = cpu.top();
      if (t === null) return `CPU ${c} has no thread`;
      if (t.done) return `'${t.name}' on CPU ${c} has finished`;
      const e = t.pending;
      if (e.kind === 'acquire') return `'${t.name}' on CPU ${c} spins on lock '${e.lock.name}' held by '${e.lock.holder?.name}'`;
      if (e.kind === 'spin') return `'${t.name}' on CPU ${c} waits for '${e.what}'`;
      return `CPU ${c} is enabled`;
    },
  };

  const exit = (t: SimThread, value: unknown): void => {
    t.done = true;
    t.result = value;
    if (record) event(t, 'exit', null, null);
    if (t.held.length > 0 && !allowLeaks) {
      fail('lock-leak', `'${t.name}' (cpu ${t.cpu.index}) exited holding ${t.held.map((l) => `'${l.name}'`).join(', ')}`, t);
    }
    if (t.kind === 'irq') {
      // iret: back to the interrupted context with its IF.
      t.cpu.stack.pop();
      t.cpu.interruptsEnabled = t.savedIf;
    }
  };

  const resume = (t: SimThread): void => {
    if (record) {
      const e = t.pending;
      event(t, e.kind, effectTarget(e), effectDetail(e));
    }
    const prev = switchTo(t);
    let r: IteratorResult<Effect, unknown>;
    try {
      r = t.gen.next();
    } catch (err) {
      switchTo(prev);
      t.done = true;
      if (err instanceof ScheduleError) throw err;
      if (err instanceof LockOrderViolation) fail('lock-order', err.message, t, [], err);
      else fail('exception', `'${t.name}' (cpu ${t.cpu.index}) threw ${errorText(err)}`, t, [], err);
      return;
    }
    switchTo(prev);
    if (r.done === true) exit(t, r.value);
    else t.pending = r.value;
  };

  const check = (c: WorldCheck): boolean => {
    let v: Verdict;
    try {
      v = c.fn();
    } catch (err) {
      fail('invariant', `${c.name} threw ${errorText(err)}`, null, [], err);
      return false;
    }
    if (v === false || typeof v === 'string') {
      fail('invariant', typeof v === 'string' ? `${c.name}: ${v}` : `${c.name} does not hold`, null);
      return false;
    }
    return true;
  };

  const blockedFailure = (): void => {
    for (let c = 0; c < nc; c++) {
      const t = cpus[c]!.top();
      if (t === null || t.done || t.blockedSince < 0) continue;
      const a = analyseBlocked(t);
      if (a !== null) {
        const chain = describeChain(a.edges);
        if (a.kind === 'holder-exited') {
          fail('liveness', `liveness: '${t.name}' (cpu ${c}) would spin forever: ${chain}, which has exited`, t, a.edges);
        } else if (a.kind === 'irq-self-deadlock') {
          // Only an interrupt handler waiting on its own CPU is the IRQ case; a thread can also wait on itself.
          fail('deadlock', `${t.kind === 'thread' ? 'self-deadlock' : 'irq self-deadlock'} on cpu ${c}: ${chain}`, t, a.edges);
        } else {
          fail('deadlock', `deadlock: ${chain}`, t, a.edges);
        }
        return;
      }
      const spins = step - t.blockedSince;
      if (spins > opts.spinBound) {
        const e = t.pending;
        const on = e.kind === 'acquire' ? `lock '${e.lock.name}' (held by '${e.lock.holder?.name}')` : `'${effectTarget(e)}'`;
        fail('liveness', `liveness: '${t.name}' (cpu ${c}) spun ${spins} times on ${on}, more than the bound ${opts.spinBound}`, t);
        return;
      }
    }
  };

  const stuckFailure = (): boolean => {
    for (let c = 0; c < nc; c++) {
      const t = cpus[c]!.top();
      if (t === null || t.done) continue;
      const e = t.pending;
      fail('liveness', `liveness: no CPU can make progress; '${t.name}' (cpu ${c}) waits for ${effectTarget(e) ?? e.kind} forever`, t);
      return true;
    }
    return false;
  };

  for (;;) {
    let n = 0;
    let blocked = false;
    for (let c = 0; c < nc; c++) {
      const s = cpus[c]!.stack;
      if (s.length === 0) continue;
      const t = s[s.length - 1]!;
      if (t.done) continue;
      if (runnable(t.pending)) {
        en[n++] = c;
        t.blockedSince = -1;
      } else {
        blocked = true;
        if (t.blockedSince < 0) t.blockedSince = step;
      }
    }
    for (let c = 0; c < nc; c++) if (cpus[c]!.interruptsEnabled && irq.pending(c) > 0) en[n++] = ~c;
    if (blocked) {
      blockedFailure();
      if (failure) break;
    }
    if (n === 0) {
      if (stuckFailure()) break;
      for (const c of world.endChecks) if (!check(c)) break;
      break;
    }
    if (step >= opts.maxSteps) {
      fail('liveness', `liveness: the run did not finish within ${opts.maxSteps} steps (a livelock or an unbounded loop)`, null);
      break;
    }
    const code = en[chooser.pick(step, en, n, lastCpu, view)]!;
    choices.push(code);
    if (code >= 0) {
      resume(cpus[code]!.top()!);
      lastCpu = code;
    } else {
      const cpu = cpus[~code]!;
      const h = world.enterIrq(cpu, irq.take(~code)!);
      if (record) event(h, 'irq-enter', null, `vector ${h.vector}`);
      resume(h);
      lastCpu = ~code;
    }
    if (failure) break;
    for (let i = 0; i < invariants.length; i++) if (!check(invariants[i]!)) break;
    if (failure) break;
    step++;
  }
  const f = failure as RawFailure | null;
  if (record && f !== null) {
    const t = f.thread === null ? undefined : world.threads.find((x) => x.name === f.thread && x.cpu.index === f.cpu);
    trace.push({
      step: f.step, cpu: f.cpu, thread: f.thread ?? '', threadKind: t ? t.kind : 'thread', depth: t ? Math.max(0, t.cpu.stack.indexOf(t)) : 0,
      kind: 'failure', target: null, detail: `${f.kind}: ${f.message}`,
    });
  }
  return { failure: f, choices, world, trace };
}

