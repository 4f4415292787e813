/**
 * The Wilson score interval of a binomial proportion (Wilson 1927; Agresti and Coull 1998):
 * unlike the normal approximation it stays inside [0, 1] and is sound for rates near 0 or 1.
 * @module
 */

/** A proportion with its interval. */
export interface Interval {
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

/** The interval of `successes` out of `n` at `z` (1.96: 95 %). */
export function wilsonInterval(successes: number, n: number, z = 1.96): Interval {
  if (n <= 0) return { rate: NaN, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
