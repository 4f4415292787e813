/**
 * The lock-class dependency graph of lockdep: an edge A → B for "B acquired while A held",
 * each with the first place it was seen, and the cycle check that makes a new edge a report.
 * Classes are interned by name (lock-class.ts), so the graph is keyed by class name and edges
 * gathered elsewhere (another shard of an exploration, another machine) merge into it as data.
 * @module
 */

/** Where a dependency edge was first seen. */
export interface EdgeWitness {
  /** Lock held (instance name). */
  readonly held: string;
  /** Lock acquired while holding it (instance name). */
  readonly acquired: string;
  /** The context that did it. */
  readonly thread: string;
  /** The run label the checker had then (e.g. `run 3`), or `sync`; for gathered edges, the run's schedule string. */
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

/** Class dependencies with their first witnesses, in the order they were added. */
export class LockDependencyGraph {
  private readonly edges = new Map<string, Map<string, LockDependency>>();

  /** True when the edge `from → to` is in the graph. */
  has(from: string, to: string): boolean {
    return this.edges.get(from)?.has(to) ?? false;
  }

  /**
   * Adds `d` unless its edge is already there (the first witness stays). Returns the cycle the
   * new edge closes, `d` first, then the path back from `d.to` to `d.from`; null when it closes
   * none or was already there.
   */
  add(d: LockDependency): LockDependency[] | null {
    if (this.has(d.from, d.to)) return null;
    const path = d.from === d.to ? [] : this.path(d.to, d.from);
    let m = this.edges.get(d.from);
    if (!m) this.edges.set(d.from, (m = new Map()));
    m.set(d.to, d);
    return path ? [d, ...path] : null;
  }

  /** Removes the edge `from → to` (if there). */
  delete(from: string, to: string): void {
    this.edges.get(from)?.delete(to);
  }

  /** Every edge, in insertion order of their sources. */
  dependencies(): LockDependency[] {
    const out: LockDependency[] = [];
    for (const m of this.edges.values()) out.push(...m.values());
    return out;
  }

  /** A dependency path from → ... → to, or null. */
  private path(from: string, to: string): LockDependency[] | null {
    const seen = new Set<string>();
    const walk = (c: string): LockDependency[] | null => {
      if (seen.has(c)) return null;
      seen.add(c);
      const m = this.edges.get(c);
      if (!m) return null;
      for (const [n, d] of m) {
        if (n === to) return [d];
        const rest = walk(n);
        if (rest) return [d, ...rest];
      }
      return null;
    };
    return walk(from);
  }
}

/**
 * The class cycles of a set of dependencies, as the lock-order checker would report them had it
 * seen the edges in this order: each edge that closes a cycle gives that cycle (the edge first).
 * Sort the edges first for an order-independent answer.
 */
export function classCycles(deps: readonly LockDependency[]): LockDependency[][] {
  const g = new LockDependencyGraph();
  const out: LockDependency[][] = [];
  for (const d of deps) {
    const c = g.add(d);
    if (c) out.push(c);
  }
  return out;
}

/** A cycle in words: `A → B → A: A → B ('t0' took b holding a, run 3); ...`. */
export function describeCycle(cycle: readonly LockDependency[]): string {
  const chain = cycle.map((d) => `${d.from} → ${d.to} ('${d.witness.thread}' took ${d.witness.acquired} holding ${d.witness.held}, ${d.witness.run})`);
  return `${[...cycle.map((d) => d.from), cycle[0]!.from].join(' → ')}: ${chain.join('; ')}`;
}
