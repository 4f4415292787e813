/**
 * Lock-order checking in the spirit of Linux's lockdep. A {@link LockOrderChecker} records, for
 * every lock acquisition, which classes were held (a dependency edge held-class → acquired-class)
 * and reports:
 * - `class-cycle`: the classic lockdep report, a cycle in the class dependency graph (A→B seen
 *   in one place, B→A in another, also across runs: the graph lives as long as the checker);
 * - `hierarchy-acquire`: a `root-to-leaf` class acquired out of level order;
 * - `hierarchy-release`: a `root-to-leaf` class released while a lower (leaf-ward) level of the
 *   same class is still held (CUR-03's root-first release);
 * - `recursive-class`: a second instance of a non-hierarchical class taken while one is held.
 *
 * As lockdep does, the locks of the contexts an interrupt handler interrupted count as held by
 * the handler (they are on the same CPU's stack). The irq-safe/irq-unsafe inversion rule of
 * lockdep is not modelled (the scheduler finds the resulting deadlocks directly).
 *
 * With `classCycles: false` the checker records the graph but leaves the cycle check to whoever
 * gathers it: a sharded exploration merges its shards' graphs (lock-graph.ts), so that a run's
 * verdict depends on its schedule alone, not on the runs its shard happened to make before it.
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import { describeCycle, LockDependencyGraph, type LockDependency } from './lock-graph.js';
import type { SpinLock } from './spin-lock.js';
import type { SimThread } from './thread.js';

/** Which rule a violation broke. */
export type LockOrderRule = 'class-cycle' | 'hierarchy-acquire' | 'hierarchy-release' | 'recursive-class';

export type { EdgeWitness, LockDependency } from './lock-graph.js';

/** A broken lock-order rule. Thrown inside the offending context (a run fails with it). */
export class LockOrderViolation extends KernelSimError {
  constructor(
    /** The rule. */
    readonly rule: LockOrderRule,
    /** The context that broke it. */
    readonly thread: string,
    /** The two locks involved: `[held or still-held, acquired or released]`. */
    readonly locks: readonly [string, string],
    /** Locks the context held at the time, in acquisition order. */
    readonly held: readonly string[],
    /** For `class-cycle`: the dependency chain closing the cycle, each with its witness. */
    readonly cycle: readonly LockDependency[],
    message: string,
  ) {
    super(message);
  }
}

function levelOf(l: SpinLock): string {
  return `${l.name} (level ${l.level})`;
}

/** The lockdep-like checker: a class dependency graph plus the declared protocols. */
export class LockOrderChecker {
  /** Every violation seen, in order. */
  readonly violations: LockOrderViolation[] = [];
  /** Label of the current run, stored in edge witnesses. */
  runLabel = 'sync';
  private readonly graph = new LockDependencyGraph();
  private addedThisRun: LockDependency[] = [];
  private violationsBeforeRun = 0;

  constructor(
    readonly opts: {
      /** Throw the violation in the offending context (default) or only record it. */
      readonly throwOnViolation?: boolean;
      /** Report class cycles as the edges come (default), or only record the edges (`false`). */
      readonly classCycles?: boolean;
    } = {},
  ) {}

  /** Marks the start of a run: witnesses name it and {@link beforeRun} can undo it. */
  beginRun(label: string): void {
    this.runLabel = label;
    this.addedThisRun = [];
    this.violationsBeforeRun = this.violations.length;
  }

  /**
   * A copy of this checker as it was when the current run began (without the run's new edges
   * or violations), so that replaying the run reproduces exactly what the run reported.
   */
  beforeRun(): LockOrderChecker {
    const c = new LockOrderChecker(this.opts);
    c.runLabel = this.runLabel;
    const skip = new Set(this.addedThisRun);
    for (const d of this.graph.dependencies()) if (!skip.has(d)) c.graph.add(d);
    return c;
  }

  /** The dependency graph as plain rows. */
  dependencies(): LockDependency[] {
    return this.graph.dependencies();
  }

  /** Forgets what the current run added, its edges and the violations it recorded, as if it had not run. */
  undoRun(): void {
    for (const d of this.addedThisRun) this.graph.delete(d.from, d.to);
    this.addedThisRun = [];
    this.violations.length = this.violationsBeforeRun;
  }

  /** The edges the current run added (since {@link beginRun}). */
  addedInRun(): readonly LockDependency[] {
    return this.addedThisRun;
  }

  /** Called when `t` announces it is about to acquire `lock` (before spinning, as lockdep does). */
  onAcquire(t: SimThread, lock: SpinLock): void {
    const cls = lock.lockClass;
    // Own locks first, then those of the contexts this handler interrupted on the same CPU.
    const stack = t.cpu.stack;
    for (let i = stack.indexOf(t); i >= 0; i--) {
      const ctx = stack[i]!;
      const own = ctx === t;
      for (const h of ctx.held) {
        if (h === lock) continue; // the same instance: a deadlock, which the scheduler reports
        if (h.lockClass === cls) {
          if (!own) continue;
          if (cls.protocol === 'root-to-leaf') {
            if (h.level <= lock.level) {
              this.violate(
                'hierarchy-acquire', t, h, lock, [],
                `lock order: '${t.name}' acquires ${levelOf(lock)} while holding ${levelOf(h)}; ` +
                  `class '${cls.name}' must be acquired from root to leaf (decreasing levels)`,
              );
            }
          } else {
            this.violate(
              'recursive-class', t, h, lock, [],
              `lock order: '${t.name}' acquires '${lock.name}' while holding '${h.name}' of the same class '${cls.name}' ` +
                '(possible recursive locking; declare a hierarchy on the class if this nesting is intended)',
            );
          }
          continue;
        }
        this.noteEdge(t, h, lock);
      }
    }
  }

  /** Called when `t` releases `lock`. */
  onRelease(t: SimThread, lock: SpinLock): void {
    const cls = lock.lockClass;
    if (cls.protocol !== 'root-to-leaf') return;
    for (const h of t.held) {
      if (h !== lock && h.lockClass === cls && h.level < lock.level) {
        this.violate(
          'hierarchy-release', t, h, lock, [],
          `lock order: '${t.name}' releases ${levelOf(lock)} while still holding ${levelOf(h)}; ` +
            `class '${cls.name}' must be released from leaf to root`,
        );
        return;
      }
    }
  }

  private noteEdge(t: SimThread, held: SpinLock, acquired: SpinLock): void {
    const from = held.lockClass.name;
    const to = acquired.lockClass.name;
    if (this.graph.has(from, to)) return;
    const d: LockDependency = { from, to, witness: { held: held.name, acquired: acquired.name, thread: t.name, run: this.runLabel } };
    const cycle = this.graph.add(d);
    this.addedThisRun.push(d);
    if (cycle && this.opts.classCycles !== false) {
      this.violate('class-cycle', t, held, acquired, cycle, `lock order: possible deadlock, class cycle ${describeCycle(cycle)}`);
    }
  }

  private violate(
    rule: LockOrderRule, t: SimThread, a: SpinLock, b: SpinLock, cycle: LockDependency[], message: string,
  ): void {
    const v = new LockOrderViolation(rule, t.name, [a.name, b.name], t.held.map((h) => h.name), cycle, message);
    this.violations.push(v);
    if (this.opts.throwOnViolation !== false) throw v;
  }
}
