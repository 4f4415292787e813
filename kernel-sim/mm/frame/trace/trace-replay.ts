/**
 * Replays a {@link FrameTrace} through the buddy allocator: the same calls the recording made,
 * in order, checking every recorded alloc result. The final free blocks per order are what
 * another allocator's replay of the same trace is compared with, block by block.
 * @module
 */
import { BuddyFrameAllocator, type BuddyOptions } from '../buddy.js';
import { FrameAllocatorError } from '../errors.js';
import { FrameTrace, TRACE_OP } from './frame-trace.js';
import { TraceReplayError } from './trace-errors.js';

/** Counts of a replay. */
export interface ReplayCounts {
  readonly operations: number;
  readonly adds: number;
  readonly allocs: number;
  /** Allocs that returned None. */
  readonly failedAllocs: number;
  readonly deallocs: number;
}

/** Runs `trace` on `buddy` (a fresh allocator unless you mean otherwise). @throws TraceReplayError */
export function replayTrace(trace: FrameTrace, buddy: BuddyFrameAllocator): ReplayCounts {
  // Operands below 2^31 go in as small integers (an Int32Array): the allocator's integer paths
  // then stay free of float-to-int conversions, as with a caller's own integers.
  const ints = trace.int32Operands();
  const failed = ints !== null ? replayInts(trace, ints.a, ints.b, buddy) : replayFloats(trace, buddy);
  const seen = trace.opCounts();
  return {
    operations: trace.length, adds: seen[TRACE_OP.add]!, deallocs: seen[TRACE_OP.dealloc]!,
    allocs: seen[TRACE_OP.alloc]! + seen[TRACE_OP.allocExpect]! + seen[TRACE_OP.allocExpectNone]!, failedAllocs: failed,
  };
}

// The common loop: small-integer operands, the dispatch written out (an inlined helper would
// take from the inlining budget that the allocator's hot paths need).
function replayInts(trace: FrameTrace, a: Int32Array, b: Int32Array, buddy: BuddyFrameAllocator): number {
  const { op, length } = trace;
  let failed = 0;
  let i = 0;
  try {
    for (; i < length; i++) {
      const code = op[i]!;
      if (code === TRACE_OP.dealloc) {
        // An int32 operand of a trace is a frame number (in [0, 2^31)): a single frame can take
        // the buddy's unchecked path, which throws what dealloc would.
        const n = b[i]!;
        if (n === 1) buddy.deallocFrame(a[i]!);
        else buddy.dealloc(a[i]!, n);
      } else if (code === TRACE_OP.add) {
        buddy.addFrame(a[i]!, b[i]!);
      } else {
        // alloc(1) is allocOrder(0); called so, the order is a constant in the inlined path, as
        // for a caller's own alloc(1).
        const n = a[i]!;
        const got = n === 1 ? buddy.allocOrder(0) : buddy.alloc(n);
        if (got === null) failed++;
        if (code !== TRACE_OP.alloc && got !== (code === TRACE_OP.allocExpect ? b[i]! : null)) throw mismatch(trace, i, got);
      }
    }
  } catch (e) {
    throw replayFailure(trace, i, e);
  }
  return failed;
}

// Operands up to 2^40, one step at a time.
function replayFloats(trace: FrameTrace, buddy: BuddyFrameAllocator): number {
  const { op, a, b, length } = trace;
  let failed = 0;
  let i = 0;
  try {
    for (; i < length; i++) failed += step(buddy, op[i]!, a[i]!, b[i]!, trace, i);
  } catch (e) {
    throw replayFailure(trace, i, e);
  }
  return failed;
}

// One operation; 1 when it was an alloc that returned None.
function step(buddy: BuddyFrameAllocator, code: number, x: number, y: number, trace: FrameTrace, i: number): number {
  if (code === TRACE_OP.dealloc) {
    buddy.dealloc(x, y);
    return 0;
  }
  if (code === TRACE_OP.add) {
    buddy.addFrame(x, y);
    return 0;
  }
  const got = buddy.alloc(x);
  if (code === TRACE_OP.allocExpect ? got !== y : code === TRACE_OP.allocExpectNone && got !== null) throw mismatch(trace, i, got);
  return got === null ? 1 : 0;
}

function replayFailure(trace: FrameTrace, i: number, e: unknown): unknown {
  return e instanceof FrameAllocatorError ? new TraceReplayError(trace.where(i), i, e.message) : e;
}

// Built out of line so the replay loop stays small enough to inline the allocator.
function mismatch(trace: FrameTrace, i: number, got: number | null): TraceReplayError {
  const want = trace.op[i] === TRACE_OP.allocExpect ? String(trace.b[i]) : 'none';
  return new TraceReplayError(trace.where(i), i, `alloc ${trace.a[i]} returned ${got ?? 'none'}, the trace recorded ${want}`);
}
/** The allocator's final state as a replay reports it. */
export interface ReplayState {
  readonly total: number;
  readonly allocated: number;
  readonly free: number;
  readonly lostFrames: number;
  /** Free blocks per order, counts. */
  readonly freeBlockCounts: readonly number[];
  /** Free block starts per order ("0" .. "31"), ascending; orders with none are left out. */
  readonly freeBlocks: Readonly<Record<string, readonly number[]>>;
}

/** The state a replay reports. */
export function replayState(buddy: BuddyFrameAllocator): ReplayState {
  const freeBlocks: Record<string, number[]> = {};
  for (let k = 0; k < buddy.order; k++) {
    const blocks = buddy.freeBlocks(k);
    if (blocks.length > 0) freeBlocks[String(k)] = blocks;
  }
  return {
    total: buddy.total, allocated: buddy.allocated, free: buddy.free, lostFrames: buddy.lostFrames,
    freeBlockCounts: buddy.freeBlockCounts(), freeBlocks,
  };
}

/** A fresh allocator for a replay. */
export function replayAllocator(opts: BuddyOptions = {}): BuddyFrameAllocator {
  return new BuddyFrameAllocator(opts);
}
