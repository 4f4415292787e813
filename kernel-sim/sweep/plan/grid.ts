/**
 * Grid axes inside a sweep file's job templates. Anywhere in a template a value may be an axis:
 * `{ "each": [v1, v2, ...] }` takes each value in turn, `{ "from": a, "to": b }` each integer
 * from a to b. A template expands into the cartesian product of its axes, in a fixed order
 * (axes in depth-first order of sorted keys; the last axis varies fastest).
 * @module
 */
import { SweepSpecError } from '../errors.js';

interface Axis {
  /** Field path of the axis, e.g. `workload.seed`. */
  readonly path: readonly string[];
  readonly values: readonly unknown[];
}

/** True when `v` is an axis object. */
function axisValues(v: unknown, field: string): unknown[] | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (keys === 'each') {
    if (!Array.isArray(o.each) || o.each.length === 0) throw new SweepSpecError(field, '"each" must be a non-empty list of values');
    return o.each;
  }
  if (keys === 'from,to') {
    const { from, to } = o as { from: unknown; to: unknown };
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || (to as number) < (from as number)) {
      throw new SweepSpecError(field, '{ "from", "to" } must be integers with from <= to');
    }
    if ((to as number) - (from as number) >= 1_000_000) throw new SweepSpecError(field, 'a range axis may hold at most 1,000,000 values');
    const out: number[] = [];
    for (let i = from as number; i <= (to as number); i++) out.push(i);
    return out;
  }
  return null;
}

function findAxes(v: unknown, path: string[], base: string, out: Axis[]): void {
  const field = [base, ...path].join('.');
  const values = axisValues(v, field);
  if (values) {
    out.push({ path: [...path], values });
    return;
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o).sort()) findAxes(o[k], [...path, k], base, out);
  }
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  if (path.length === 0) return value as Record<string, unknown>;
  const [head, ...rest] = path;
  const child = target[head!] as Record<string, unknown>;
  return { ...target, [head!]: setAt(child, rest, value) };
}

/**
 * Every point of the template's grid: the template with each axis replaced by one of its values.
 * `field` names the template in errors (e.g. `jobs[1]`).
 * @throws SweepSpecError for a malformed axis or a grid of more than `limit` points.
 */
export function expandGrid(template: Record<string, unknown>, field: string, limit = 1_000_000): Record<string, unknown>[] {
  const axes: Axis[] = [];
  findAxes(template, [], field, axes);
  let size = 1;
  for (const a of axes) size *= a.values.length;
  if (size > limit) throw new SweepSpecError(field, `the grid has ${size} points, more than ${limit}`);
  let points: Record<string, unknown>[] = [template];
  for (const a of axes) {
    const next: Record<string, unknown>[] = [];
    for (const p of points) for (const v of a.values) next.push(setAt(p, a.path, v));
    points = next;
  }
  return points;
}
