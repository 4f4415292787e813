/**
 * A churn workload as a frame-allocator trace: the `add_frame` spans of a fresh allocator, then
 * every `alloc` (with its result) and `dealloc` the churn makes, for `kernel-sim trace replay`
 * and for any other allocator to replay.
 * @module
 */
import type { BugSet } from '../bugs/index.js';
import { FrameAllocator, type FrameSpan } from '../mm/frame/index.js';
import { FrameTrace } from '../mm/frame/trace/index.js';
import { runChurn } from './churn.js';

/**
 * Runs churn `spec` on a fresh `FrameAllocator` over `spans` and returns the trace of its buddy
 * calls. @throws WorkloadSpecError for a bad spec.
 */
export function recordChurnTrace(spec: unknown, spans: readonly FrameSpan[], opts: { bugs?: BugSet } = {}): FrameTrace {
  const trace = new FrameTrace();
  for (const s of spans) trace.addFrame(s.start, s.end);
  runChurn(spec, new FrameAllocator(spans, { bugs: opts.bugs }), { trace });
  return trace;
}
