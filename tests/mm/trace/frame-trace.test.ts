import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuddyFrameAllocator } from '../../../kernel-sim/mm/frame/index.js';
import {
  decodeBinaryTrace, encodeBinaryTrace, formatTextTrace, FrameTrace, parseTextTrace, parseTrace, replayState, replayTrace,
  TraceFormatError, TraceReplayError,
} from '../../../kernel-sim/mm/frame/trace/index.js';
import { recordChurnTrace } from '../../../kernel-sim/workloads/index.js';
import { cli, json } from '../../cli/compiled-cli.js';

const ops = (t: FrameTrace) => Array.from({ length: t.length }, (_, i) => [t.op[i], t.a[i], t.b[i]]);

describe('frame traces: text and binary forms', () => {
  it('round-trip every operation through both forms, operands up to 2^40', () => {
    const opArb = fc.oneof(
      fc.tuple(fc.constant(1), fc.integer({ min: 0, max: 2 ** 39 }), fc.integer({ min: 0, max: 2 ** 39 })).map(([o, a, d]) => [o, a, a + d] as const),
      fc.tuple(fc.constant(2), fc.integer({ min: 1, max: 2 ** 40 }), fc.constant(0)),
      fc.tuple(fc.constant(3), fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 })),
      fc.tuple(fc.constant(4), fc.integer({ min: 1, max: 2 ** 40 }), fc.constant(0)),
      fc.tuple(fc.constant(5), fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 })),
    );
    fc.assert(fc.property(fc.array(opArb, { maxLength: 50 }), (list) => {
      const t = new FrameTrace();
      for (const [o, a, b] of list) t.push(o, a, b);
      expect(ops(decodeBinaryTrace(encodeBinaryTrace(t)))).toEqual(ops(t));
      expect(ops(parseTextTrace(formatTextTrace(t)))).toEqual(ops(t));
    }), { numRuns: 200 });
  });

  it('refuse bad text with the line and what is wrong', () => {
    const bad = (text: string, where: string, what: RegExp) => {
      const e = (() => { try { parseTextTrace(text); } catch (x) { return x; } return null; })();
      expect(e).toBeInstanceOf(TraceFormatError);
      expect((e as TraceFormatError).where).toBe(where);
      expect((e as Error).message).toMatch(what);
    };
    bad('', 'line 1', /empty trace/);
    bad('add 0 10\n', 'line 1', /header/);
    bad('kernel-sim-frame-trace 1\n# c\nadd 0 10\nalloc 0\n', 'line 4', /count '0' is not an integer in \[1, 2\^40\]/);
    bad('kernel-sim-frame-trace 1\nadd 10 5\n', 'line 2', /end 5 is below start 10/);
    bad('kernel-sim-frame-trace 1\ndealloc 4\n', 'line 2', /takes 2 operands, got 1/);
    bad('kernel-sim-frame-trace 1\nfree 4 1\n', 'line 2', /unknown operation 'free'/);
    bad('kernel-sim-frame-trace 1\nalloc 1 -3\n', 'line 2', /result '-3'/);
    bad(`kernel-sim-frame-trace 1\nadd 0 ${2 ** 41}\n`, 'line 2', /end/);
  });

  it('refuse bad binary with the byte offset', () => {
    const magic = [0x4b, 0x53, 0x46, 0x54, 0x52, 0x43, 0x00, 0x01];
    const bad = (bytes: number[], where: string, what: RegExp) => {
      const e = (() => { try { parseTrace(Uint8Array.from(bytes)); } catch (x) { return x; } return null; })();
      expect(e).toBeInstanceOf(TraceFormatError);
      expect((e as TraceFormatError).where).toBe(where);
      expect((e as Error).message).toMatch(what);
    };
    bad([...magic, 9], 'byte 8', /unknown opcode 9/);
    bad([...magic, 2, 1, 5, 0x80], 'byte 11', /ends inside an operand/);
    bad([...magic, 2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1], 'byte 9', /longer than 6 bytes/);
    bad([...magic, 2, 0], 'byte 8', /count must be at least 1/);
    bad([...magic, 1, 10, 5], 'byte 8', /end 5 is below start 10/);
    bad([0xff, 0xfe, 0x00], 'byte 0', /neither a binary trace/);
  });
});

describe('frame traces: replay', () => {
  it('replays a recorded churn to the recorder\'s free lists, from either form', () => {
    const spans = [{ start: 0, end: 159 }, { start: 256, end: 40_000 }];
    const spec = { seed: 3, steps: 3000, orders: { '0': 6, '2': 2, '4': 1 }, lifetime: { min: 5, max: 400 }, longLivedFraction: 0.05 };
    const t = recordChurnTrace(spec, spans);
    expect(t.length).toBeGreaterThan(3000);
    const a = new BuddyFrameAllocator();
    replayTrace(parseTrace(encodeBinaryTrace(t)), a);
    const b = new BuddyFrameAllocator();
    replayTrace(parseTrace(new TextEncoder().encode(formatTextTrace(t))), b);
    expect(replayState(a)).toEqual(replayState(b));
    expect(replayState(a).allocated).toBeGreaterThan(0);
  });

  it('stops with the line of an alloc that returns another block than recorded, or a refused dealloc', () => {
    const mismatch = parseTextTrace('kernel-sim-frame-trace 1\nadd 0 64\nalloc 1 0\nalloc 1 5\n');
    const e1 = (() => { try { replayTrace(mismatch, new BuddyFrameAllocator()); } catch (x) { return x; } return null; })() as TraceReplayError;
    expect(e1).toBeInstanceOf(TraceReplayError);
    expect([e1.where, e1.index]).toEqual(['line 4', 2]);
    expect(e1.message).toMatch(/returned 1, the trace recorded 5/);
    const double = parseTextTrace('kernel-sim-frame-trace 1\nadd 0 64\nalloc 1\ndealloc 0 1\ndealloc 0 1\n');
    const buddy = new BuddyFrameAllocator();
    const e2 = (() => { try { replayTrace(double, buddy); } catch (x) { return x; } return null; })() as TraceReplayError;
    expect(e2.where).toBe('line 5');
    expect(e2.message).toMatch(/not all allocated/);
    expect(buddy.free).toBe(64); // the state after the last operation that succeeded
  });

  it('kernel-sim trace replay prints the free blocks per order; bad files exit 1 with the offset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-trace-'));
    const good = join(dir, 'good.trace');
    writeFileSync(good, 'kernel-sim-frame-trace 1\nadd 0 159\nalloc 1 158\nalloc 2 156\ndealloc 158 1\n');
    const out = json('trace', 'replay', good);
    expect(out.operations).toBe(4);
    expect(out.freeBlocks).toEqual({ '0': [158], '3': [144], '4': [128], '5': [0, 32], '6': [64], '2': [152] });
    expect(out.opsPerSecond).toBeGreaterThan(0);
    const bad = join(dir, 'bad.trace');
    writeFileSync(bad, 'kernel-sim-frame-trace 1\nadd 0 159\nalloc x\n');
    const r = cli('trace', 'replay', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TraceFormatError: trace line 3: count 'x'/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
