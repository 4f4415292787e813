/**
 * The synchronous driver: runs a coroutine to its end in the running context, performing every
 * effect at once. Notebooks and plain scripts use the model through it (or through the
 * `withLock`-style wrappers built on it) and never see a generator. Called inside a scheduled
 * thread, the coroutine runs as one indivisible step (none of its yields is a preemption point).
 * @module
 */
import type { Co } from './effect.js';
import { WouldBlockError } from './errors.js';
import { currentThread } from './thread.js';

/**
 * Runs `co` to completion and returns its result. Where it would have to wait (a lock held by
 * someone, an unmet spin condition) it throws {@link WouldBlockError}: nothing else can run to
 * release it. A lock held by the running context itself is reported as a self-deadlock.
 */
export function runToCompletion<R>(co: Co<R>): R {
  for (;;) {
    const r = co.next();
    if (r.done === true) return r.value;
    const e = r.value;
    if (e.kind === 'acquire') {
      const h = e.lock.holder;
      if (h !== null) {
        const self = h === currentThread();
        co.return(undefined as never);
        throw new WouldBlockError(`spin lock '${e.lock.name}'`, h.name, self);
      }
    } else if (e.kind === 'spin' && !e.until()) {
      const h = e.holder ? e.holder() : null;
      co.return(undefined as never);
      throw new WouldBlockError(`condition '${e.what}'`, h ? h.name : null, h === currentThread());
    }
  }
}
