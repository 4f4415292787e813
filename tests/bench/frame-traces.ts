/**
 * The allocator benchmarks' workloads as frame traces (kernel-sim/mm/frame/trace), so the very
 * same calls can be replayed by kernel-sim and by the native crate (any replayer of the binary
 * form). Each trace is recorded by running the model, so every alloc carries its result.
 */
import { loadLayout } from '../../kernel-sim/boot/index.js';
import { BuddyFrameAllocator, usableFrameSpans, type FrameSpan } from '../../kernel-sim/mm/frame/index.js';
import { FrameTrace } from '../../kernel-sim/mm/frame/trace/index.js';

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
 * Orders 0-5 drawn by an LCG, `live` blocks kept live: below it, alloc or free with equal odds;
 * at it, free. A freed block is picked at random among the live ones.
 */
export function mixTrace(spans: readonly FrameSpan[], ops: number, live: number, maxOrder = 5, seed = 12345): FrameTrace {
  const r = new Recorder();
  r.add(spans);
  const starts: number[] = [];
  const orders: number[] = [];
  let x = seed;
  for (let i = 0; i < ops; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    if (starts.length < live && ((x & 1) === 0 || starts.length === 0)) {
      const order = (x >>> 8) % (maxOrder + 1);
      const s = r.alloc(2 ** order);
      if (s !== null) { starts.push(s); orders.push(order); }
    } else {
      const k = (x >>> 4) % starts.length;
      r.dealloc(starts[k]!, 2 ** orders[k]!);
      // Swap-remove keeps the pick O(1).
      starts[k] = starts[starts.length - 1]!; starts.pop();
      orders[k] = orders[orders.length - 1]!; orders.pop();
    }
  }
  return r.trace;
}
