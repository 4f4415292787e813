/**
 * Field checks shared by the workload specs: an object with known keys, an integer in a range,
 * and operation weights. Each failure is a {@link WorkloadSpecError} naming the field.
 * @module
 */
import { WorkloadSpecError } from './churn-spec.js';

/** `input` as an object whose keys are all in `known`. */
export function specObject(input: unknown, known: readonly string[]): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new WorkloadSpecError('(root)', 'must be an object');
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!known.includes(key)) throw new WorkloadSpecError(key, `unknown field (expected ${known.join(', ')})`);
  return o;
}

/** `o[key]` as an integer in [lo, hi]; `prefix` names the enclosing object in the error. */
export function intField(o: Record<string, unknown>, key: string, lo: number, hi: number, prefix = ''): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new WorkloadSpecError(prefix + key, `must be an integer in [${lo}, ${hi}]${v === undefined ? ' (missing)' : `, got ${JSON.stringify(v)}`}`);
  }
  return v;
}

/** `o[key]` as operation -> weight for the operations `names` (non-negative, positive sum). */
export function weightsField<K extends string>(o: Record<string, unknown>, key: string, names: readonly K[]): Partial<Record<K, number>> {
  const raw = o[key];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new WorkloadSpecError(key, `must be an object of operation -> weight (${names.join(', ')})`);
  const out: Partial<Record<K, number>> = {};
  let total = 0;
  for (const [k, w] of Object.entries(raw)) {
    if (!(names as readonly string[]).includes(k)) throw new WorkloadSpecError(`${key}.${k}`, `unknown operation (expected ${names.join(', ')})`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new WorkloadSpecError(`${key}.${k}`, 'a weight must be a finite number >= 0');
    out[k as K] = w;
    total += w;
  }
  if (!(total > 0)) throw new WorkloadSpecError(key, 'the weights must have a positive sum');
  return out;
}
