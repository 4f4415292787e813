/**
 * Deadlock detection on the wait-for graph. A context waits for: the holder of the lock it
 * spins on; the holder named by a spin condition; or, when an interrupt handler suspended it,
 * that handler. Following these edges from a blocked context either reaches a context that can
 * run (no deadlock), an exited holder (a lock that will never be released: a liveness failure),
 * or closes a cycle: a deadlock. A cycle within one CPU through an "interrupted" edge is the IRQ
 * self-deadlock (a handler spinning on a lock the context it interrupted holds: ALO-01).
 * @module
 */
import type { WaitEdge } from './failure.js';
import type { SimThread } from './thread.js';

/** What a blocked context's wait-for chain ends in. */
export interface BlockAnalysis {
  /** `deadlock` (cycle across CPUs), `irq-self-deadlock` (cycle on one CPU), `holder-exited`. */
  readonly kind: 'deadlock' | 'irq-self-deadlock' | 'holder-exited';
  /** The chain; for a deadlock, exactly the cycle. */
  readonly edges: readonly WaitEdge[];
}

interface Hop {
  readonly next: SimThread;
  readonly edge: WaitEdge;
}

/** The context `t` waits for, or null when it can run or nobody is known to be responsible. */
function hop(t: SimThread): Hop | null {
  const stack = t.cpu.stack;
  const at = stack.indexOf(t);
  if (at >= 0 && at < stack.length - 1) {
    const h = stack[at + 1]!;
    return { next: h, edge: { thread: t.name, cpu: t.cpu.index, via: 'interrupted', what: h.name, waitsFor: h.name } };
  }
  const e = t.pending;
  if (e.kind === 'acquire') {
    const h = e.lock.holder;
    if (h === null) return null;
    return { next: h, edge: { thread: t.name, cpu: t.cpu.index, via: 'lock', what: e.lock.name, waitsFor: h.name } };
  }
  if (e.kind === 'spin' && e.holder && !e.until()) {
    const h = e.holder();
    if (h === null) return null;
    return { next: h, edge: { thread: t.name, cpu: t.cpu.index, via: 'condition', what: e.what, waitsFor: h.name } };
  }
  return null;
}

/** Follows the wait-for chain of the blocked context `t`; null when it may still proceed. */
export function analyseBlocked(t: SimThread): BlockAnalysis | null {
  const chain: SimThread[] = [t];
  const edges: WaitEdge[] = [];
  let cur = t;
  for (;;) {
    const h = hop(cur);
    if (h === null) return null;
    edges.push(h.edge);
    if (h.next.done) return { kind: 'holder-exited', edges };
    const i = chain.indexOf(h.next);
    if (i >= 0) {
      const cycle = edges.slice(i);
      const oneCpu = cycle.every((e) => e.cpu === cycle[0]!.cpu);
      return { kind: oneCpu ? 'irq-self-deadlock' : 'deadlock', edges: cycle };
    }
    chain.push(h.next);
    cur = h.next;
  }
}

/** A wait-for chain as one readable sentence. */
export function describeChain(edges: readonly WaitEdge[]): string {
  return edges
    .map((e) =>
      e.via === 'interrupted'
        ? `'${e.thread}' (cpu ${e.cpu}) is interrupted by '${e.waitsFor}'`
        : `'${e.thread}' (cpu ${e.cpu}) spins on ${e.via === 'lock' ? `lock '${e.what}'` : `'${e.what}'`} held by '${e.waitsFor}'`,
    )
    .join('; ');
}
