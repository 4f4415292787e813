/**
 * Frame-allocator figures. Each workload is a frame trace (frame-traces.ts) replayed on a fresh
 * `BuddyFrameAllocator` per call, so the same file can be replayed by the native crate: set
 * KS_NATIVE_REPLAY to a replayer of the binary form that prints `{"opsPerSecond": ...}` (JSON)
 * for `REPLAYER FILE ROUNDS`, and the targets become half the native rate, measured in rounds
 * interleaved with ours (one native process per round).
 * Without it, the targets are half the native figures of issue 13.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLayout } from '../../kernel-sim/boot/index.js';
import { FrameAllocator } from '../../kernel-sim/mm/frame/index.js';
import { type FrameTrace, replayAllocator, replayTrace, writeTraceFile } from '../../kernel-sim/mm/frame/trace/index.js';
import { deepPairsTrace, mixTrace, pairsTrace, q35OneTebiSpans } from './frame-traces.js';
import { interleavedRates, median, rate, seconds, type Figure } from './harness.js';

// Issue 13's native figures (ops per second of trace operations: a pair is two).
const ISSUE_NATIVE = { pairs: 2 * 37.7e6, mix: 39e6, churn: 15.5e6 } as const;

// The native replayer's rate on `file`: the median of 3 rounds in one process (its first round
// pays for a fresh heap, as our warm-up does).
function nativeRound(bin: string, file: string): number {
  const r = spawnSync(bin, [file, '3'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { opsPerSecond: number }).opsPerSecond;
}

// Medians of our replay rate and the native one, rounds interleaved (ours, native, ours, ...)
// so that both see the same machine load; native null without KS_NATIVE_REPLAY.
function replayRates(trace: FrameTrace, dir: string, name: string, rounds = 7): { ours: number; native: number | null } {
  const bin = process.env['KS_NATIVE_REPLAY'];
  const file = join(dir, `${name}.trace`);
  if (bin) writeTraceFile(file, trace, true);
  const fn = () => { replayTrace(trace, replayAllocator()); };
  for (let i = 0; i < 2; i++) fn();
  const ours: number[] = [];
  const native: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push(rate(fn, trace.length, { rounds: 1, warmup: 0 }));
    if (bin) native.push(nativeRound(bin, file));
  }
  return { ours: median(ours), native: bin ? median(native) : null };
}

/** The frame-allocator figures. */
export function frameFigures(): Figure[] {
  const g = 'frame';
  const spans = q35OneTebiSpans();
  const dir = mkdtempSync(join(tmpdir(), 'kernel-sim-bench-'));
  const out: Figure[] = [];
  // Each trace is recorded just before it is measured, and the one with frames above 2^31 comes
  // last: once the allocator has seen such frames, V8 keeps its frame numbers as doubles in the
  // whole process. The native replayer runs each trace in a fresh process; so does a user's one
  // workload.
  const workloads: [string, string, () => FrameTrace, number | null][] = [
    ['pairs', 'buddy alloc(1)+dealloc pairs, q35-1T spans, warm (trace replay)', () => pairsTrace(spans, 200_000), ISSUE_NATIVE.pairs],
    ['mix', 'buddy order 0-5 mix, 256 live blocks (trace replay)', () => mixTrace(spans, 400_000, 256), ISSUE_NATIVE.mix],
    ['churn', 'buddy churn, 64 Ki live blocks of order 0-4 (trace replay)', () => mixTrace(spans, 400_000, 65_536, 4), ISSUE_NATIVE.churn],
    ['deep', 'buddy pairs on one order-31 block: 31 splits + 31 merges per pair (trace replay)', () => deepPairsTrace(10_000), null],
  ];
  for (const [key, name, record, issue] of workloads) {
    const trace = record();
    const { ours, native } = replayRates(trace, dir, key);
    out.push({ group: g, name, unit: 'ops/s', value: ours,
      target: native !== null ? { min: native / 2, note: `half of native ${(native / 1e6).toFixed(1)} M/s` } : issue !== null ? { min: issue / 2, note: 'half of issue 13\'s native figure' } : undefined });
  }

  // The Asterinas wrapper against the bare buddy, interleaved: the ratio is what the target is.
  const regions = loadLayout('datasets/mbi/q35-1T.mbi').regions;
  const fa = FrameAllocator.init(regions);
  fa.allocSingle();
  const buddy = FrameAllocator.init(regions).buddy;
  buddy.alloc(1);
  const N = 100_000;
  // Counts from an array, not constants, so neither loop is specialised on count 1.
  const ones = new Int32Array(64).fill(1);
  const [b, f] = interleavedRates([
    { fn: () => { for (let i = 0; i < N; i++) buddy.dealloc(buddy.alloc(ones[i & 63]!)!, ones[i & 63]!); }, ops: N },
    { fn: () => { for (let i = 0; i < N; i++) fa.dealloc(fa.allocSingle({ zeroed: false })!, ones[i & 63]!); }, ops: N },
  ]);
  out.push({ group: g, name: 'BuddyFrameAllocator alloc(1)+dealloc pairs (interleaved)', unit: 'ops/s', value: b! });
  out.push({ group: g, name: 'FrameAllocator allocSingle+dealloc pairs (interleaved)', unit: 'ops/s', value: f! });
  out.push({ group: g, name: 'FrameAllocator time / bare buddy time, same pairs', unit: 'x', value: b! / f!, target: { max: 1.3 } });
  out.push({ group: g, name: 'FrameAllocator.init of q35-1T (1 TiB)', unit: 's', value: seconds(() => { FrameAllocator.init(regions); }, 7, 2) });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { table } = await import('./harness.js');
  console.log(table(frameFigures()));
}
