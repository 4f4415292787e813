/**
 * The workloads' only source of randomness: pure-rand's xoroshiro128+ from a seed, so the same
 * seed gives the same run.
 * @module
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random source with the draws workloads need. */
export class SeededRng {
  private readonly rng: ReturnType<typeof xoroshiro128plus>;

  /** @param seed a 32-bit integer seed. */
  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** A uniform integer in [from, to]. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  /** A uniform number in [0, 1) with 2^-30 resolution. */
  unit(): number {
    return uniformInt(this.rng, 0, 2 ** 30 - 1) / 2 ** 30;
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
