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
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import type { LockClass } from './lock-class.js';
import type { SpinLock } from './spin-lock.js';
import type { SimThread } from './thread.js';

/** Which rule a violation broke. */
export type LockOrderRule = 'class-cycle' | 'hierarchy-acquire' | 'hierarchy-release' | 'recursive-class';

/** Where a dependency edge was first seen. */
export interface EdgeWitness {
  /** Lock held (instance name). */
  readonly held: string;
  /** Lock acquired while holding it (instance name). */
  readonly acquired: string;
  /** The context that did it. */
  readonly thread: string;
  /** The run label the checker had then (e.g. `run 3`), or `sync`. */
  readonly run: string;
}

/** A class dependency A → B with its first witness, as plain data. */
export interface LockDependency {
  /** Class held. */
  readonly from: string;
  /** Class acquired while holding it. */
  readonly to: string;
  /** Where it was first seen. */
  readonly witness: EdgeWitness;
}

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
  private readonly edges = new Map<LockClass, Map<LockClass, EdgeWitness>>();
  private addedThisRun: Array<[LockClass, LockClass]> = [];

  constructor(
    /** Throw the violation in the offending context (default) or only record it. */
    readonly opts: { readonly throwOnViolation?: boolean } = {},
  ) {}

  /** Marks the start of a run: witnesses name it and {@link beforeRun} can undo it. */
  beginRun(label: string): void {
    this.runLabel = label;
    this.addedThisRun = [];
  }

  /**
   * A copy of this checker as it was when the current run began (without the run's new edges
   * or violations), so that replaying the run reproduces exactly what the run reported.
   */
  beforeRun(): LockOrderChecker {
    const c = new LockOrderChecker(this.opts);
    c.runLabel = this.runLabel;
    const skip = new Set(this.addedThisRun.map(([a, b]) => a.name + '\u0000' + b.name));
    for (const [a, m] of this.edges) {
      for (const [b, w] of m) if (!skip.has(a.name + '\u0000' + b.name)) c.addEdge(a, b, w);
    }
    return c;
  }

  /** The dependency graph as plain rows. */
  dependencies(): LockDependency[] {
    const out: LockDependency[] = [];
    for (const [a, m] of this.edges) for (const [b, w] of m) out.push({ from: a.name, to: b.name, witness: w });
    return out;
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
    const a = held.lockClass;
    const b = acquired.lockClass;
    const m = this.edges.get(a);
    if (m && m.has(b)) return;
    const w: EdgeWitness = { held: held.name, acquired: acquired.name, thread: t.name, run: this.runLabel };
    // A new edge a→b closes a cycle when b already reaches a.
    const path = this.path(b, a);
    this.addEdge(a, b, w);
    this.addedThisRun.push([a, b]);
    if (path) {
      const cycle: LockDependency[] = [{ from: a.name, to: b.name, witness: w }, ...path];
      const chain = cycle.map((d) => `${d.from} → ${d.to} ('${d.witness.thread}' took ${d.witness.acquired} holding ${d.witness.held}, ${d.witness.run})`);
      this.violate(
        'class-cycle', t, held, acquired, cycle,
        `lock order: possible deadlock, class cycle ${[...cycle.map((d) => d.from), a.name].join(' → ')}: ${chain.join('; ')}`,
      );
    }
  }

  private addEdge(a: LockClass, b: LockClass, w: EdgeWitness): void {
    let m = this.edges.get(a);
    if (!m) this.edges.set(a, (m = new Map()));
    if (!m.has(b)) m.set(b, w);
  }

  /** A dependency path from → ... → to, or null. */
  private path(from: LockClass, to: LockClass): LockDependency[] | null {
    const seen = new Set<LockClass>();
    const walk = (c: LockClass): LockDependency[] | null => {
      if (seen.has(c)) return null;
      seen.add(c);
      const m = this.edges.get(c);
      if (!m) return null;
      for (const [n, w] of m) {
        const d: LockDependency = { from: c.name, to: n.name, witness: w };
        if (n === to) return [d];
        const rest = walk(n);
        if (rest) return [d, ...rest];
      }
      return null;
    };
    return walk(from);
  }

  private violate(
    rule: LockOrderRule, t: SimThread, a: SpinLock, b: SpinLock, cycle: LockDependency[], message: string,
  ): void {
    const v = new LockOrderViolation(rule, t.name, [a.name, b.name], t.held.map((h) => h.name), cycle, message);
    this.violations.push(v);
    if (this.opts.throwOnViolation !== false) throw v;
  }
}
