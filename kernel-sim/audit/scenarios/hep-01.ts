/**
 * HEP-01: the heap lock dropped around rescue; on several CPUs another one takes the refill.
 * Also {@link hep01FailureRate}, the failure rate against CPU count under random schedules.
 * @module
 */
import { bugSet } from '../../bugs/index.js';
import { FrameAllocator } from '../../mm/frame/frame-allocator.js';
import { LockedHeapWithRescue } from '../../mm/heap/index.js';
import { explore, type Co } from '../../sync/index.js';
import { defineScenario, type ScenarioVariant } from './common.js';

/** One page per allocation: each rescue adds exactly the one page it was asked for. */
const PAGE_LAYOUT = { size: 4096, align: 4096 };

/** The HEP-01 scenario (param `cpus`). */
export const hep01 = defineScenario({
  id: 'hep-01',
  findings: ['HEP-01'],
  title: 'Heap lock dropped around rescue: another CPU consumes the refill and the allocation fails',
  description:
    'N CPUs (param cpus, default 2) each allocate one page-sized, page-aligned block from a heap that starts empty, ' +
    'over a frame allocator of 256 frames (rescue\'s 64 MiB request fails, its num_frames request of one frame ' +
    'succeeds). Audited (232e62b, heap_allocator.rs alloc): the heap lock is released before rescue and taken again ' +
    'after it, so a CPU that runs in between takes the freshly added page and the rescuing CPU\'s retry returns null ' +
    'although its rescue succeeded: an invariant failure. Fixed: the lock is held across rescue; every allocation ' +
    'succeeds. The heap free lists are checked with checkHeap at the end. Simplification: the heap has no static ' +
    'HEAP_SPACE, so every first allocation rescues.',
  params: { cpus: { default: 2, min: 2, max: 8, doc: 'CPUs allocating at once' } },
  expect: { audited: ['invariant'], fixed: 'clean' },
  setup(w, variant, params) {
    const bugs = bugSet(variant === 'audited' ? ['HEP-01'] : []);
    const fa = new FrameAllocator([{ start: 0x10000, end: 0x10100 }], { bugs });
    const heap = new LockedHeapWithRescue({ frameAllocator: fa, bugs });
    const n = params['cpus']!;
    const got: Array<number | null | undefined> = new Array(n).fill(undefined);
    for (const cpu of w.addCpus(n)) {
      w.spawn(cpu, `alloc${cpu.index}`, () => allocInto(heap, got, cpu.index));
    }
    w.atEnd(() => {
      const s = heap.stats();
      const failed = got.flatMap((p, i) => (p === null ? [`alloc${i}`] : []));
      if (failed.length === 0) return true;
      if (s.failedRescues > 0) return true; // genuinely out of frames: not HEP-01
      return `allocation failed although rescue succeeded: ${failed.join(', ')} got null; ${s.rescues} rescues, none failed, ${fa.buddy.free} frames still free`;
    }, 'every allocation served');
    w.atEnd(() => {
      const v = heap.checkHeap();
      return v.length === 0 || `heap inconsistent: ${v.map((x) => x.message).join('; ')}`;
    }, 'checkHeap');
  },
});

// A thread's body (a top-level generator: see `coOf` on generator closures).
function* allocInto(heap: LockedHeapWithRescue, got: Array<number | null | undefined>, i: number): Co<void> {
  got[i] = yield* heap.allocCo(PAGE_LAYOUT);
}

/** A point of the HEP-01 chart. */
export interface Hep01Rate {
  readonly cpus: number;
  readonly variant: ScenarioVariant;
  readonly runs: number;
  readonly failures: number;
  /** failures / runs. */
  readonly rate: number;
}

/**
 * The share of random schedules in which an allocation fails although its rescue succeeded,
 * with `cpus` CPUs allocating at once (seeded: the same arguments give the same figures).
 */
export function hep01FailureRate(cpus: number, opts: { runs?: number; seed?: number; variant?: ScenarioVariant } = {}): Hep01Rate {
  const runs = opts.runs ?? 1000;
  const variant = opts.variant ?? 'audited';
  const r = explore(hep01.build(variant, { cpus }), { strategy: 'random', seed: opts.seed ?? 1, runs, stopOnFailure: false, maxFailures: runs });
  return { cpus, variant, runs: r.runs, failures: r.failures.length, rate: r.failures.length / r.runs };
}
