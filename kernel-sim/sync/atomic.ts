/**
 * Atomics for reference counts and flags. Every operation is one preemption point and is
 * indivisible; a read followed by a write (`load` then `store`) is two steps, which is how a
 * non-atomic read-modify-write is modelled.
 *
 * Simplification: sequential consistency only (no weak-memory reorderings, no Relaxed/Acquire
 * distinctions); the seed's Target 8 "memory ordering" property is therefore out of scope here.
 * @module
 */
import type { AtomicEffect, AtomicOp, Co } from './effect.js';
import { runToCompletion } from './run-to-completion.js';

/** Result of {@link AtomicU32.compareExchange}: `ok` with the previous value, as Rust's `Result`. */
export interface CompareExchangeResult {
  /** True when the value was `current` and is now `next`. */
  readonly ok: boolean;
  /** The value found. */
  readonly previous: number;
}

function effects(name: string): Record<AtomicOp, AtomicEffect> {
  const mk = (op: AtomicOp): AtomicEffect => Object.freeze({ kind: 'atomic', target: name, op });
  return {
    load: mk('load'), store: mk('store'), fetchAdd: mk('fetchAdd'), fetchSub: mk('fetchSub'),
    compareExchange: mk('compareExchange'), swap: mk('swap'),
  };
}

/** A 32-bit unsigned atomic (wrapping arithmetic, like Rust's `AtomicU32`). */
export class AtomicU32 {
  private v: number;
  private readonly fx: Record<AtomicOp, AtomicEffect>;

  constructor(
    /** Name shown in traces. */
    readonly name: string,
    initial = 0,
  ) {
    this.v = initial >>> 0;
    this.fx = effects(name);
  }

  /** The value without a preemption point: for invariant checks and charts, not for the model. */
  peek(): number {
    return this.v;
  }

  /** Loads the value. */
  *load(): Co<number> {
    yield this.fx.load;
    return this.v;
  }

  /** Stores `x`. */
  *store(x: number): Co<void> {
    yield this.fx.store;
    this.v = x >>> 0;
  }

  /** Adds `x` (wrapping) and returns the previous value. */
  *fetchAdd(x: number): Co<number> {
    yield this.fx.fetchAdd;
    const old = this.v;
    this.v = (old + x) >>> 0;
    return old;
  }

  /** Subtracts `x` (wrapping) and returns the previous value. */
  *fetchSub(x: number): Co<number> {
    yield this.fx.fetchSub;
    const old = this.v;
    this.v = (old - x) >>> 0;
    return old;
  }

  /** Replaces the value by `x` and returns the previous one. */
  *swap(x: number): Co<number> {
    yield this.fx.swap;
    const old = this.v;
    this.v = x >>> 0;
    return old;
  }

  /** Stores `next` if the value is `current`; returns whether it did and the value found. */
  *compareExchange(current: number, next: number): Co<CompareExchangeResult> {
    yield this.fx.compareExchange;
    const old = this.v;
    if (old === current >>> 0) {
      this.v = next >>> 0;
      return { ok: true, previous: old };
    }
    return { ok: false, previous: old };
  }

  /** Synchronous {@link load}. */
  loadNow(): number {
    return runToCompletion(this.load());
  }

  /** Synchronous {@link store}. */
  storeNow(x: number): void {
    runToCompletion(this.store(x));
  }

  /** Synchronous {@link fetchAdd}. */
  fetchAddNow(x: number): number {
    return runToCompletion(this.fetchAdd(x));
  }

  /** Synchronous {@link fetchSub}. */
  fetchSubNow(x: number): number {
    return runToCompletion(this.fetchSub(x));
  }

  /** Synchronous {@link compareExchange}. */
  compareExchangeNow(current: number, next: number): CompareExchangeResult {
    return runToCompletion(this.compareExchange(current, next));
  }
}
