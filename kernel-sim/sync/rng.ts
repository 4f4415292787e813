/**
 * The concurrency layer's only source of randomness: pure-rand's xoroshiro128+ from a seed
 * (no Math.random), so the same seed gives the same runs.
 * @module
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded generator of integers. */
export class SeededRng {
  private readonly g: ReturnType<typeof xoroshiro128plus>;

  constructor(
    /** The seed (an integer). */
    readonly seed: number,
  ) {
    this.g = xoroshiro128plus(seed | 0);
  }

  /** A uniform integer in `[0, n)`. */
  below(n: number): number {
    return n <= 1 ? 0 : uniformInt(this.g, 0, n - 1);
  }
}
