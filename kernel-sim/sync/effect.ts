/**
 * The effect protocol: what a simulated thread yields at a preemption point. An effect
 * announces the operation the thread is about to perform; the thread performs it itself once
 * it is resumed, so the synchronous driver ({@link runToCompletion}) and the scheduler run
 * exactly the same code. The scheduler reads a pending effect only to decide whether the
 * thread can run (a blocked acquire or an unmet spin condition cannot) and to label the trace.
 *
 * Effects are small objects, mostly preallocated per lock or atomic so the hot path does not
 * allocate per step.
 * @module
 */
import type { SimThread } from './thread.js';

/** Anything a thread can wait on with an `acquire` effect (a {@link SpinLock}). */
export interface Lockable {
  /** The lock's name, used in traces and reports. */
  readonly name: string;
  /** The thread (or interrupt handler) holding it, or null when free. */
  readonly holder: SimThread | null;
}

/** The read-modify-write or plain operations an atomic can announce. */
export type AtomicOp = 'load' | 'store' | 'fetchAdd' | 'fetchSub' | 'compareExchange' | 'swap';

/** The first step of a thread or interrupt handler: run from its beginning to its first yield. */
export interface StartEffect {
  /** Discriminant. */
  readonly kind: 'start';
}

/** About to take a spin lock; the thread cannot run while the lock is held by someone. */
export interface AcquireEffect {
  /** Discriminant. */
  readonly kind: 'acquire';
  /** The lock to take. */
  readonly lock: Lockable;
  /** True for `lockIrqDisabled` (interrupts were disabled before spinning). */
  readonly irqDisabled: boolean;
}

/** About to release a spin lock. */
export interface ReleaseEffect {
  /** Discriminant. */
  readonly kind: 'release';
  /** The lock to release. */
  readonly lock: Lockable;
}

/** About to perform one operation on an atomic (each operation is one indivisible step). */
export interface AtomicEffect {
  /** Discriminant. */
  readonly kind: 'atomic';
  /** The atomic's name. */
  readonly target: string;
  /** The operation. */
  readonly op: AtomicOp;
}

/** A point where a pending interrupt may be taken (and any other CPU may run). */
export interface IrqWindowEffect {
  /** Discriminant. */
  readonly kind: 'irq-window';
  /** `explicit`: written by the model; `irq-enabled`: IF just went from 0 to 1. */
  readonly reason: 'explicit' | 'irq-enabled';
}

/**
 * Waiting for a condition (a spin loop on a flag or a CAS). The thread runs only once
 * `until()` holds; every step others take meanwhile counts as one spin iteration.
 */
export interface SpinEffect {
  /** Discriminant. */
  readonly kind: 'spin';
  /** What is waited for, for reports. */
  readonly what: string;
  /** The exit condition of the spin loop. */
  readonly until: () => boolean;
  /** Who must act for the condition to become true, when known (for deadlock reports). */
  readonly holder?: () => SimThread | null;
}

/** Everything a simulated thread may yield. */
export type Effect = StartEffect | AcquireEffect | ReleaseEffect | AtomicEffect | IrqWindowEffect | SpinEffect;

/** The kinds of {@link Effect}. */
export type EffectKind = Effect['kind'];

/**
 * A simulated coroutine: a generator that yields effects and returns `R`. Every function of
 * the model that can be preempted has this type; `yield*` calls it from another one.
 */
export type Co<R = void> = Generator<Effect, R, void>;

/**
 * `fn` as a coroutine that yields nothing: `lock.locked(() => coOf(() => op()))`. Prefer it (and
 * arrows calling generator methods) to a `function* () {...}` written inside a function: V8 gives
 * every such generator closure its own map, kept in old space until a full collection, and
 * through it everything the closure captured survives the minor collections (many scenario runs'
 * worth of objects), which made exploration spend about 40 % of its time collecting.
 */
export function* coOf<R>(fn: () => R): Co<R> {
  return fn();
}

/** The effect every new thread starts with. */
export const START: StartEffect = Object.freeze({ kind: 'start' });
/** An explicit IRQ window. */
export const IRQ_WINDOW: IrqWindowEffect = Object.freeze({ kind: 'irq-window', reason: 'explicit' });
/** The implicit IRQ window when interrupts are re-enabled. */
export const IRQ_ENABLED_WINDOW: IrqWindowEffect = Object.freeze({ kind: 'irq-window', reason: 'irq-enabled' });
