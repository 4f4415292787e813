/**
 * The description of an allocation-churn workload: a JSON-able object, validated with errors
 * that name the field.
 * @module
 */
import { KernelSimError } from '../util/errors.js';

/** How long a short-lived block lives, in steps: uniform in [min, max]. */
export interface LifetimeSpec {
  readonly min: number;
  readonly max: number;
}

/** An allocation-churn workload. */
export interface ChurnSpec {
  /** Seed of the random source (a 32-bit integer). */
  readonly seed: number;
  /** Number of steps; each step frees what expires, then allocates one block. */
  readonly steps: number;
  /** Relative weights of block orders: `{ "0": 8, "3": 1 }` draws order 0 eight times as often. */
  readonly orders: Readonly<Record<string, number>>;
  /** Lifetime of short-lived blocks. */
  readonly lifetime: LifetimeSpec;
  /** Share of blocks (0..1) that are never freed and pin memory. */
  readonly longLivedFraction: number;
  /** Take a fragmentation sample every this many steps (default: steps/100, at least 1). */
  readonly sampleEvery?: number;
}

/** A workload spec that is not valid; `field` names the offending part. */
export class WorkloadSpecError extends KernelSimError {
  constructor(readonly field: string, readonly reason: string) {
    super(`workload spec: ${field}: ${reason}`);
  }
}

/**
 * Checks that `input` is a {@link ChurnSpec}.
 * @throws WorkloadSpecError naming the first bad field.
 */
export function validateChurnSpec(input: unknown): ChurnSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new WorkloadSpecError('(root)', 'must be an object');
  const o = input as Record<string, unknown>;
  const known = ['seed', 'steps', 'orders', 'lifetime', 'longLivedFraction', 'sampleEvery'];
  for (const key of Object.keys(o)) if (!known.includes(key)) throw new WorkloadSpecError(key, `unknown field (expected ${known.join(', ')})`);
  const seed = intField(o, 'seed', -(2 ** 31), 2 ** 32 - 1);
  const steps = intField(o, 'steps', 0, 1e9);
  const orders = o['orders'];
  if (typeof orders !== 'object' || orders === null || Array.isArray(orders)) throw new WorkloadSpecError('orders', 'must be an object of order -> weight');
  let total = 0;
  for (const [k, w] of Object.entries(orders)) {
    if (!/^(?:[0-9]|[12][0-9]|3[01])$/.test(k)) throw new WorkloadSpecError(`orders.${k}`, 'an order must be an integer in 0..31');
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new WorkloadSpecError(`orders.${k}`, 'a weight must be a finite number >= 0');
    total += w;
  }
  if (!(total > 0)) throw new WorkloadSpecError('orders', 'the weights must have a positive sum');
  const lifetime = o['lifetime'];
  if (typeof lifetime !== 'object' || lifetime === null) throw new WorkloadSpecError('lifetime', 'must be an object { min, max }');
  const lt = lifetime as Record<string, unknown>;
  const min = intField(lt, 'min', 1, 1e9, 'lifetime.');
  const max = intField(lt, 'max', 1, 1e9, 'lifetime.');
  if (max < min) throw new WorkloadSpecError('lifetime.max', `must be >= lifetime.min (${min})`);
  const f = o['longLivedFraction'];
  if (typeof f !== 'number' || !(f >= 0 && f <= 1)) throw new WorkloadSpecError('longLivedFraction', 'must be a number in [0, 1]');
  const spec: ChurnSpec = { seed, steps, orders: { ...(orders as Record<string, number>) }, lifetime: { min, max }, longLivedFraction: f };
  if (o['sampleEvery'] !== undefined) return { ...spec, sampleEvery: intField(o, 'sampleEvery', 1, 1e9) };
  return spec;
}

function intField(o: Record<string, unknown>, key: string, lo: number, hi: number, prefix = ''): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new WorkloadSpecError(prefix + key, `must be an integer in [${lo}, ${hi}]${v === undefined ? ' (missing)' : `, got ${JSON.stringify(v)}`}`);
  }
  return v;
}
