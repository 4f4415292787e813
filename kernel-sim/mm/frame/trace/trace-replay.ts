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

const TWO31 = 2 ** 31;

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
  const { op, a, b } = trace;
  let adds = 0, allocs = 0, failed = 0, deallocs = 0;
  let i = 0;
  try {
    for (; i < trace.length; i++) {
      const code = op[i]!;
      // Operands below 2^31 go in as small integers: the allocator's integer paths then stay
      // free of float-to-int conversions, as with a caller's own integers.
      const x = a[i]!;
      const y = b[i]!;
      const av = x < TWO31 ? x | 0 : x;
      const bv = y < TWO31 ? y | 0 : y;
      if (code === TRACE_OP.dealloc) {
        buddy.dealloc(av, bv);
        deallocs++;
      } else if (code === TRACE_OP.add) {
        buddy.addFrame(av, bv);
        adds++;
      } else {
        const got = buddy.alloc(av);
        allocs++;
        if (got === null) failed++;
        if (code === TRACE_OP.allocExpect ? got !== bv : code === TRACE_OP.allocExpectNone && got !== null) throw mismatch(trace, i, got);
      }
    }
  } catch (e) {
    if (e instanceof FrameAllocatorError) throw new TraceReplayError(trace.where(i), i, e.message);
    throw e;
  }
  return { operations: trace.length, adds, allocs, failedAllocs: failed, deallocs };
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
