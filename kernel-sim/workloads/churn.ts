/**
 * Runs an allocation-churn workload against a frame allocator ({@link ChurnAllocator}): each step frees the blocks
 * whose lifetime ends there (oldest first), then allocates one block of a drawn order with
 * `allocContiguous`; a drawn share of blocks is long-lived and never freed, pinning memory.
 * Yields the event log; at each sample point (every `sampleEvery` steps, and the first and last)
 * it calls the caller's `onSample`, which is how metrics/ records fragmentation over the run.
 * @module
 */
import * as aq from 'arquero';
import type { AllocOptions } from '../mm/frame/index.js';
import type { FrameTrace } from '../mm/frame/trace/index.js';
import { validateChurnSpec, type ChurnSpec } from './churn-spec.js';
import { SeededRng } from '../util/seeded-rng.js';
import { reportProgress, type OnProgress } from './progress.js';

/** One thing that happened in a churn run. */
export interface ChurnEvent {
  readonly step: number;
  readonly kind: 'alloc' | 'free' | 'fail';
  /** Requested order. */
  readonly order: number;
  /** First frame of the block (-1 for a failed allocation). */
  readonly start: number;
  /** True for a long-lived (pinned) block. */
  readonly pinned: boolean;
}

/** The outcome of a churn run. */
export interface ChurnResult {
  readonly spec: ChurnSpec;
  readonly events: readonly ChurnEvent[];
  /** Counts: allocations, frees, failures, blocks pinned, blocks still live at the end. */
  readonly totals: { readonly allocs: number; readonly frees: number; readonly fails: number; readonly pinned: number; readonly live: number };
}

/**
 * What churn allocates from: a `FrameAllocator`, or the page allocator's `churnTarget()` (blocks
 * made Segments through page metadata and freed by dropping them).
 */
export interface ChurnAllocator {
  allocContiguous(nframes: number, options: AllocOptions): { readonly start: number } | null;
  dealloc(start: number, nframes: number): void;
}

/** Options of {@link runChurn}. */
export interface ChurnOptions {
  /** Called with the step number at step 0, every `sampleEvery` steps and at the last step. */
  readonly onSample?: (step: number) => void;
  /**
   * Appends every allocation (count and result) and free to this trace, as the buddy
   * allocator's `alloc` and `dealloc` calls (see mm/frame/trace/).
   */
  readonly trace?: FrameTrace;
  /** Told how many steps are done, for a progress bar. */
  readonly onProgress?: OnProgress;
}

/**
 * Runs `spec` (validated first) against `allocator`.
 * @throws WorkloadSpecError for a bad spec.
 */
export function runChurn(specInput: unknown, allocator: ChurnAllocator, opts: ChurnOptions = {}): ChurnResult {
  const spec = validateChurnSpec(specInput);
  const rng = new SeededRng(spec.seed);
  const orderList = Object.keys(spec.orders).map(Number).sort((a, b) => a - b);
  const weights = orderList.map((k) => spec.orders[String(k)]!);
  const sampleEvery = spec.sampleEvery ?? Math.max(1, Math.floor(spec.steps / 100));
  const onSample = opts.onSample ?? (() => {});
  const trace = opts.trace;
  const events: ChurnEvent[] = [];
  // step -> blocks expiring then, in allocation order.
  const expiring = new Map<number, { start: number; order: number }[]>();
  let allocs = 0, frees = 0, fails = 0, pinned = 0, live = 0;

  onSample(0);
  for (let step = 1; step <= spec.steps; step++) {
    const due = expiring.get(step);
    if (due) {
      expiring.delete(step);
      for (const b of due) {
        allocator.dealloc(b.start, 2 ** b.order);
        trace?.dealloc(b.start, 2 ** b.order);
        events.push({ step, kind: 'free', order: b.order, start: b.start, pinned: false });
        frees++;
        live--;
      }
    }
    const order = orderList[rng.weighted(weights)]!;
    const isPinned = rng.unit() < spec.longLivedFraction;
    const life = rng.int(spec.lifetime.min, spec.lifetime.max);
    const seg = allocator.allocContiguous(2 ** order, { zeroed: false });
    trace?.alloc(2 ** order, seg === null ? null : seg.start);
    if (seg === null) {
      events.push({ step, kind: 'fail', order, start: -1, pinned: isPinned });
      fails++;
    } else {
      events.push({ step, kind: 'alloc', order, start: seg.start, pinned: isPinned });
      allocs++;
      live++;
      if (isPinned) {
        pinned++;
      } else {
        const at = step + life;
        const list = expiring.get(at);
        if (list) list.push({ start: seg.start, order });
        else expiring.set(at, [{ start: seg.start, order }]);
      }
    }
    if (step % sampleEvery === 0 || step === spec.steps) onSample(step);
    reportProgress(opts.onProgress, step, spec.steps);
  }
  return { spec, events, totals: { allocs, frees, fails, pinned, live } };
}

/** The event log as a table: step, kind, order, start, pinned. */
export function churnEventTable(events: readonly ChurnEvent[]): aq.ColumnTable {
  return aq.table({
    step: events.map((e) => e.step),
    kind: events.map((e) => e.kind),
    order: events.map((e) => e.order),
    start: events.map((e) => e.start),
    pinned: events.map((e) => e.pinned),
  });
}
