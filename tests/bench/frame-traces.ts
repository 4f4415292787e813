/**
 * The allocator benchmarks' workloads as frame traces (kernel-sim/mm/frame/trace), so the very
 * same calls can be replayed by kernel-sim and by the native crate (any replayer of the binary
 * form). Each trace is recorded by running the model, so every alloc carries its result.
 */
import { loadLayout } from '../../kernel-sim/boot/index.js';
import { BuddyFrameAllocator, usableFrameSpans, type FrameSpan } from '../../kernel-sim/mm/frame/index.js';
import { FrameTrace } from '../../kernel-sim/mm/frame/trace/index.js';
import { SeededRng } from '../../kernel-sim/util/index.js';

/** The `FrameAllocator.init` spans of the 1 TiB capture. */
export function q35OneTebiSpans(): FrameSpan[] {
  return usableFrameSpans(loadLayout('datasets/mbi/q35-1T.mbi').regions);
}

// Runs and records at once.
class Recorder {
  readonly trace = new FrameTrace();
  readonly buddy = new BuddyFrameAllocator();
  add(spans: readonly FrameSpan[]): void {
    for (const s of spans) { this.trace.addFrame(s.start, s.end); this.buddy.addFrame(s.start, s.end); }
  }
  alloc(n: number): number | null {
    const r = this.buddy.alloc(n);
    this.trace.alloc(n, r);
    return r;
  }
  dealloc(s: number, n: number): void {
    this.buddy.dealloc(s, n);
    this.trace.dealloc(s, n);
  }
}

/** Single-frame alloc+dealloc pairs on the spans, one order-0 block kept allocated first (warm). */
export function pairsTrace(spans: readonly FrameSpan[], pairs: number): FrameTrace {
  const r = new Recorder();
  r.add(spans);
  r.alloc(1);
  for (let i = 0; i < pairs; i++) r.dealloc(r.alloc(1)!, 1);
  return r.trace;
}

/** Pairs on one order-31 block: every alloc splits through 31 orders and every free merges back. */
export function deepPairsTrace(pairs: number): FrameTrace {
  const r = new Recorder();
  r.add([{ start: 2 ** 31, end: 2 ** 32 }]);
  for (let i = 0; i < pairs; i++) r.dealloc(r.alloc(1)!, 1);
  return r.trace;
}

/**
 * Orders 0-`maxOrder` drawn by the simulation's seeded RNG, about `live` blocks kept live: `live`
 * allocs first, then per op, below `live` an alloc (odds 3:1) or a free, at it a free, so the set
 * stays within a few blocks of `live`. A freed block is picked at random among the live ones.
 */
export function mixTrace(spans: readonly FrameSpan[], ops: number, live: number, maxOrder = 5, seed = 12345): FrameTrace {
  const r = new Recorder();
  r.add(spans);
  const starts: number[] = [];
  const orders: number[] = [];
  const rng = new SeededRng(seed);
  const alloc = (): void => {
    const order = rng.below(maxOrder + 1);
    const s = r.alloc(2 ** order);
    if (s !== null) { starts.push(s); orders.push(order); }
  };
  while (starts.length < live) alloc();
  for (let i = 0; i < ops; i++) {
    if (starts.length < live && (rng.below(4) !== 0 || starts.length === 0)) {
      alloc();
    } else {
      const k = rng.below(starts.length);
      r.dealloc(starts[k]!, 2 ** orders[k]!);
      // Swap-remove keeps the pick O(1).
      starts[k] = starts[starts.length - 1]!; starts.pop();
      orders[k] = orders[orders.length - 1]!; orders.pop();
    }
  }
  return r.trace;
}
