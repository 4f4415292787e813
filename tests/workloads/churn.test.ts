import { describe, it, expect } from 'vitest';
import { loadLayout } from '../../kernel-sim/boot/index.js';
import { FrameAllocator } from '../../kernel-sim/mm/frame/index.js';
import { fragmentationOverChurn } from '../../kernel-sim/metrics/index.js';
import { churnEventTable, validateChurnSpec, WorkloadSpecError, SeededRng } from '../../kernel-sim/workloads/index.js';

// The run with its fragmentation samples, as notebooks and the CLI take it.
const runChurn = (s: unknown, fa: FrameAllocator) => {
  const { run, sampler } = fragmentationOverChurn(s, fa);
  return { ...run, sampler };
};

const spec = { seed: 7, steps: 3000, orders: { '0': 8, '2': 2, '5': 1 }, lifetime: { min: 5, max: 400 }, longLivedFraction: 0.05, sampleEvery: 100 };

describe('allocation churn', () => {
  it('gives the same run for the same seed, and a different one for another seed', () => {
    const run = (s: object) => runChurn(s, new FrameAllocator([{ start: 256, end: 256 + 8192 }]));
    const a = run(spec);
    const b = run(spec);
    expect(b.events).toEqual(a.events);
    expect(b.sampler.byOrder().objects()).toEqual(a.sampler.byOrder().objects());
    const c = run({ ...spec, seed: 8 });
    expect(c.events).not.toEqual(a.events);
  });

  it('pins long-lived blocks, frees the rest, and keeps the allocator consistent', () => {
    const fa = new FrameAllocator([{ start: 256, end: 256 + 8192 }]);
    const r = runChurn(spec, fa);
    expect(r.totals.allocs + r.totals.fails).toBe(3000);
    expect(r.totals.pinned).toBeGreaterThan(50);
    expect(r.totals.live).toBe(r.totals.allocs - r.totals.frees);
    expect(r.sampler.summary().numRows()).toBe(31);
    expect(churnEventTable(r.events).numRows()).toBe(r.events.length);
    fa.checkFreeLists();
  });

  it('drives fragmentation up on a small map until large orders fail', () => {
    const fa = new FrameAllocator([{ start: 1024, end: 2048 }]);
    const r = runChurn({ seed: 1, steps: 4000, orders: { '0': 20, '4': 1 }, lifetime: { min: 50, max: 2000 }, longLivedFraction: 0.2 }, fa);
    expect(r.totals.fails).toBeGreaterThan(0);
    const last = r.sampler.byOrder().filter((d: { order: number }) => d.order === 4).array('extfrag_index') as number[];
    expect(last.some((v) => v > 0)).toBe(true);
    fa.checkFreeLists();
  });

  it('runs on a real 1 TiB map', () => {
    const fa = FrameAllocator.init(loadLayout('datasets/mbi/q35-1T.mbi').regions);
    const r = runChurn({ ...spec, steps: 2000 }, fa);
    expect(r.totals.fails).toBe(0);
    fa.checkFreeLists();
  });

  it('validates specs with errors naming the field', () => {
    const bad: [unknown, string][] = [
      [null, '(root)'],
      [{ ...spec, seed: 1.5 }, 'seed'],
      [{ ...spec, steps: -1 }, 'steps'],
      [{ ...spec, orders: { '32': 1 } }, 'orders.32'],
      [{ ...spec, orders: { '1': -1 } }, 'orders.1'],
      [{ ...spec, orders: { '1': 0 } }, 'orders'],
      [{ ...spec, lifetime: { min: 5, max: 2 } }, 'lifetime.max'],
      [{ ...spec, lifetime: { min: 0, max: 2 } }, 'lifetime.min'],
      [{ ...spec, longLivedFraction: 2 }, 'longLivedFraction'],
      [{ ...spec, extra: 1 }, 'extra'],
      [{ seed: 1 }, 'steps'],
    ];
    for (const [input, field] of bad) {
      const e = (() => { try { validateChurnSpec(input); } catch (x) { return x; } })();
      expect(e).toBeInstanceOf(WorkloadSpecError);
      expect((e as WorkloadSpecError).field).toBe(field);
    }
    expect(validateChurnSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('SeededRng is deterministic', () => {
    const a = new SeededRng(42), b = new SeededRng(42);
    const xs = Array.from({ length: 20 }, () => a.int(0, 1000));
    expect(Array.from({ length: 20 }, () => b.int(0, 1000))).toEqual(xs);
    expect(new SeededRng(1).weighted([0, 1, 0])).toBe(1);
  });
});
