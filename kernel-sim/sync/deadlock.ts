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

/** The context `t` waits for, or null when it can run or nobody is known to be responsible. */
function waitsFor(t: SimThread): SimThread | null {
  const stack = t.cpu.stack;
  const at = stack.indexOf(t);
  if (at >= 0 && at < stack.length - 1) return stack[at + 1]!;
  const e = t.pending;
  if (e.kind === 'acquire') return e.lock.holder;
  if (e.kind === 'spin' && e.holder && !e.until()) return e.holder();
  return null;
}

/** The edge from `t` to `h`, the context {@link waitsFor} found (the same tests, in order). */
function edgeOf(t: SimThread, h: SimThread): WaitEdge {
  const stack = t.cpu.stack;
  const at = stack.indexOf(t);
  const e = t.pending;
  if (at >= 0 && at < stack.length - 1) return { thread: t.name, cpu: t.cpu.index, via: 'interrupted', what: h.name, waitsFor: h.name };
  if (e.kind === 'acquire') return { thread: t.name, cpu: t.cpu.index, via: 'lock', what: e.lock.name, waitsFor: h.name };
  return { thread: t.name, cpu: t.cpu.index, via: 'condition', what: e.kind === 'spin' ? e.what : '', waitsFor: h.name };
}

// The chain being followed; reused, since most blocked contexts wait on one that can run and the
// check runs at every blocked step.
const chain: SimThread[] = [];

/** Follows the wait-for chain of the blocked context `t`; null when it may still proceed. */
export function analyseBlocked(t: SimThread): BlockAnalysis | null {
  chain.length = 0;
  chain.push(t);
  for (let cur = t; ; ) {
    const next = waitsFor(cur);
    if (next === null) return null;
    if (next.done) return { kind: 'holder-exited', edges: edgesAlong(next, chain.length - 1) };
    const i = chain.indexOf(next);
    if (i >= 0) {
      const cycle = edgesAlong(next, chain.length - 1).slice(i);
      const oneCpu = cycle.every((e) => e.cpu === cycle[0]!.cpu);
      return { kind: oneCpu ? 'irq-self-deadlock' : 'deadlock', edges: cycle };
    }
    chain.push(next);
    cur = next;
  }
}

// The edges chain[0] -> ... -> chain[last] -> end.
function edgesAlong(end: SimThread, last: number): WaitEdge[] {
  const edges: WaitEdge[] = [];
  for (let k = 0; k <= last; k++) edges.push(edgeOf(chain[k]!, k < last ? chain[k + 1]! : end));
  return edges;
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
