import { UnsupportedValueError } from './errors.js';

/**
 * Throws {@link UnsupportedValueError} if `value` holds a bigint anywhere.
 *
 * Chart specs travel as JSON (to the notebook and to vega), and JSON has no bigint:
 * failing here names the offending field instead of a bare `TypeError` from `JSON.stringify`.
 */
export function assertJsonSafe(value: unknown, path = '$'): void {
  if (typeof value === 'bigint') throw new UnsupportedValueError(path, 'bigint');
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertJsonSafe(value[i], `${path}[${i}]`);
    return;
  }
  for (const key of Object.keys(value)) {
    assertJsonSafe((value as Record<string, unknown>)[key], `${path}.${key}`);
  }
}
