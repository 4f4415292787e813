import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_FRAMES, LazyChunks } from '../../kernel-sim/mm/page/index.js';
import { propertyRuns } from '../property-runs.js';

// Frames in three chunks, near their starts and ends, where short arrays end and grow.
const frame = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.integer({ min: CHUNK_FRAMES - 300, max: CHUNK_FRAMES + 300 }),
  fc.integer({ min: 0, max: 3 * CHUNK_FRAMES - 1 }),
);
const span = fc.tuple(frame, fc.integer({ min: 0, max: CHUNK_FRAMES + 5 })).map(([start, n]) => ({ start, n: Math.min(n, 3 * CHUNK_FRAMES - start) }));
const value = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.constant(0xffffffff));
type Op =
  | { op: 'set'; f: number; v: number; i: number }
  | { op: 'add'; f: number; v: number }
  | { op: 'fill'; start: number; n: number; v: number }
  | { op: 'addRange'; start: number; n: number; v: number }
  | { op: 'clear'; start: number; n: number };
const op = (width: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({ op: fc.constant('set' as const), f: frame, v: value, i: fc.integer({ min: 0, max: width - 1 }) }),
    fc.record({ op: fc.constant('add' as const), f: frame, v: fc.integer({ min: -2, max: 2 }) }),
    ...(width === 1
      ? [
          span.chain(({ start, n }) => value.map((v) => ({ op: 'fill' as const, start, n, v }))),
          span.chain(({ start, n }) => fc.integer({ min: -1, max: 1 }).map((v) => ({ op: 'addRange' as const, start, n, v }))),
        ]
      : []),
    span.map(({ start, n }) => ({ op: 'clear' as const, start, n })),
  );

// The plain model: a Map of entries, u32 wrapping, 0 when absent.
function check(width: number, ops: Op[]): void {
  const c = new LazyChunks((n) => new Uint32Array(n), width);
  const ref = new Map<number, number>();
  const key = (f: number, i: number) => f * width + i;
  const u32 = (x: number) => x >>> 0;
  const seen = new Set<number>();
  for (const o of ops) {
    if (o.op === 'set') {
      c.set(o.f, o.v, o.i);
      ref.set(key(o.f, o.i), u32(o.v));
      seen.add(o.f);
    } else if (o.op === 'add') {
      expect(c.add(o.f, o.v)).toBe(ref.get(key(o.f, 0)) ?? 0);
      ref.set(key(o.f, 0), u32((ref.get(key(o.f, 0)) ?? 0) + o.v));
      seen.add(o.f);
    } else if (o.op === 'fill') {
      c.fillRange(o.start, o.n, o.v);
      for (let f = o.start; f < o.start + o.n; f++) ref.set(key(f, 0), u32(o.v));
    } else if (o.op === 'addRange') {
      c.addRange(o.start, o.n, o.v);
      for (let f = o.start; f < o.start + o.n; f++) ref.set(key(f, 0), u32((ref.get(key(f, 0)) ?? 0) + o.v));
    } else {
      c.clearRange(o.start, o.n);
      for (let f = o.start; f < o.start + o.n; f++) for (let i = 0; i < width; i++) ref.delete(key(f, i));
    }
    if ('start' in o) {
      const want = (v: number) => { for (let f = o.start; f < o.start + o.n; f++) if ((ref.get(key(f, 0)) ?? 0) !== v) return false; return true; };
      expect(c.allEqual(o.start, o.n, 0)).toBe(want(0));
      expect(c.allEqual(o.start, o.n, 1)).toBe(want(1));
    }
  }
  for (const f of [...seen, 0, CHUNK_FRAMES - 1, CHUNK_FRAMES, 3 * CHUNK_FRAMES - 1]) {
    for (let i = 0; i < width; i++) expect(c.get(f, i), `frame ${f} element ${i}`).toBe(ref.get(key(f, i)) ?? 0);
  }
}

describe('LazyChunks (chunks grown to their highest entry)', () => {
  it('reads every entry as a plain map of the same writes, bulk ones included (width 1)', () => {
    fc.assert(fc.property(fc.array(op(1), { maxLength: 30 }), (ops) => check(1, ops)), { numRuns: propertyRuns(15, 60) });
  });

  it('keeps an entry of several elements whole across growth (width 8, as _inner)', () => {
    fc.assert(fc.property(fc.array(op(8), { maxLength: 30 }), (ops) => check(8, ops)), { numRuns: propertyRuns(10, 40) });
  });

  it('allocates only up to the highest entry written', () => {
    const c = new LazyChunks((n) => new Uint32Array(n));
    c.set(3, 1);
    expect(c.bytes).toBe(64);
    c.set(100, 1);
    expect(c.bytes).toBe(512);
    c.fillRange(CHUNK_FRAMES, CHUNK_FRAMES, 7); // a whole chunk: one value, no array
    expect(c.bytes).toBe(512);
    c.set(CHUNK_FRAMES + 5, 2); // a uniform chunk's first single write makes it whole
    expect(c.bytes).toBe(512 + 4 * CHUNK_FRAMES);
    expect(c.get(CHUNK_FRAMES + 6)).toBe(7);
  });
});
