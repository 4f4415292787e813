/**
 * kernel-sim's only source of randomness (workloads, schedulers): pure-rand's xoroshiro128+
 * from a seed, so the same seed gives the same run. No Math.random anywhere in the simulation.
 * @module
 */
// pure-rand 7, imported from its root: tslab resolves modules the Node10 way, which cannot see
// the subpath-only exports of pure-rand 8.
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** A seeded random source with the draws workloads need. */
export class SeededRng {
  private readonly rng: ReturnType<typeof xoroshiro128plus>;

  /** @param seed a 32-bit integer seed. */
  constructor(readonly seed: number) {
    this.rng = xoroshiro128plus(seed | 0);
  }

  /** A uniform integer in [0, n) (0 when n <= 1). */
  below(n: number): number {
    return n <= 1 ? 0 : unsafeUniformIntDistribution(0, n - 1, this.rng);
  }

  /** A uniform integer in [from, to]. */
  int(from: number, to: number): number {
    return unsafeUniformIntDistribution(from, to, this.rng);
  }

  /** A uniform number in [0, 1) with 2^-30 resolution. */
  unit(): number {
    return unsafeUniformIntDistribution(0, 2 ** 30 - 1, this.rng) / 2 ** 30;
  }

  /** An index drawn with probability proportional to `weights` (non-negative, sum > 0). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.unit() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}
