/**
 * `bench` and `describe` as the benchmark files call them (vitest's names), registering into a
 * list that `run.ts` measures with plain Node CPU time: the files run outside vitest's module
 * transform, as users' scripts do.
 */

/** A registered benchmark. */
export interface RegisteredBench {
  readonly group: string;
  readonly name: string;
  readonly fn: () => void;
  readonly iterations: number;
}

/** Every benchmark registered so far. */
export const registered: RegisteredBench[] = [];
let group = '';

/** Groups the benchmarks `body` registers. */
export function describe(name: string, body: () => void): void {
  const outer = group;
  group = outer ? `${outer} / ${name}` : name;
  try {
    body();
  } finally {
    group = outer;
  }
}

/** Registers `fn`, measured per call; `iterations` caps the rounds of slow ones. */
export function bench(name: string, fn: () => void, opts: { iterations?: number; warmupIterations?: number; time?: number; warmupTime?: number } = {}): void {
  registered.push({ group, name, fn, iterations: opts.iterations ?? 7 });
}
