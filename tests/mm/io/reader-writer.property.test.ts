import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PhysicalMemory } from '../../../kernel-sim/machine/index.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import { SeededRng } from '../../../kernel-sim/util/seeded-rng.js';
import {
  LINEAR_MAPPING_BASE_VADDR, U32, U64, VmReader, VmWriter, podFromBytes, readerWriterStepProblems, recordReaderWriterSteps, type IoOptions,
} from '../../../kernel-sim/mm/io/index.js';
import { checkReaderWriterSteps } from '../../../kernel-sim/audit/targets/target-06-reader-writer.js';

const RAM = 0x3000;

type Op =
  | { kind: 'limit' | 'skip'; who: 'r' | 'w'; n: number }
  | { kind: 'read' | 'write' }
  | { kind: 'readVal' | 'writeVal'; wide: boolean; v: bigint };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('limit' as const, 'skip' as const), who: fc.constantFrom('r' as const, 'w' as const), n: fc.integer({ min: 0, max: 0x900 }) }),
  fc.record({ kind: fc.constantFrom('read' as const, 'write' as const) }),
  fc.record({ kind: fc.constantFrom('readVal' as const, 'writeVal' as const), wide: fc.boolean(), v: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) }),
);
const rangeArb = fc.record({ onPhys: fc.boolean(), start: fc.integer({ min: 0, max: RAM - 1 }), len: fc.integer({ min: 0, max: 0x1800 }) });

/** RAM contents from a seed (the simulation's seeded RNG, a byte at a time). */
function pattern(seed: number): Uint8Array {
  const rng = new SeededRng(seed);
  const out = new Uint8Array(RAM);
  for (let i = 0; i < RAM; i++) out[i] = rng.below(256);
  return out;
}

/** The first index where a and b differ, or -1. */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** A cursor over a model array: what VmReader/VmWriter should do, written plainly. */
interface ModelCursor { bytes: Uint8Array; cursor: number; end: number }

describe('random reader/writer sequences against a plain Uint8Array model', () => {
  it('move exactly the expected bytes and keep Target 6 in checking mode', () => {
    fc.assert(
      fc.property(rangeArb, rangeArb, fc.integer({ min: 1, max: 0x7fffffff }), fc.array(opArb, { maxLength: 60 }), (rr, wr, seed, ops) => {
        const init = pattern(seed);
        const memory = new PhysicalMemory([{ start: 0, end: RAM }]);
        memory.writeBytes(0, init);
        const physModel = init.slice();
        const slice = init.slice().reverse();
        const sliceModel = slice.slice();
        const rec = recordReaderWriterSteps();
        const options: IoOptions = { check: true, onStep: rec.onStep };
        const clip = (r: { start: number; len: number }): [number, number] => [r.start, Math.min(r.start + r.len, RAM)];
        const [rs, re] = clip(rr);
        const [ws, we] = clip(wr);
        const reader = rr.onPhys ? VmReader.fromRawParts(memory, LINEAR_MAPPING_BASE_VADDR + BigInt(rs), re - rs, options) : VmReader.fromBytes(slice.subarray(rs, re), options);
        const writer = wr.onPhys ? VmWriter.fromRawPartsMut(memory, LINEAR_MAPPING_BASE_VADDR + BigInt(ws), we - ws, options) : VmWriter.fromBytes(slice.subarray(ws, we), options);
        const mr: ModelCursor = rr.onPhys ? { bytes: physModel, cursor: rs, end: re } : { bytes: sliceModel.subarray(rs, re), cursor: 0, end: re - rs };
        const mw: ModelCursor = wr.onPhys ? { bytes: physModel, cursor: ws, end: we } : { bytes: sliceModel.subarray(ws, we), cursor: 0, end: we - ws };

        for (const op of ops) {
          if (op.kind === 'limit' || op.kind === 'skip') {
            const m = op.who === 'r' ? mr : mw;
            const obj = op.who === 'r' ? reader : writer;
            if (op.kind === 'limit') {
              obj.limit(op.n);
              m.end = Math.min(m.end, m.cursor + op.n);
            } else if (op.n > m.end - m.cursor) {
              expect(() => obj.skip(op.n)).toThrow(KernelPanic);
            } else {
              obj.skip(op.n);
              m.cursor += op.n;
            }
          } else if (op.kind === 'read' || op.kind === 'write') {
            const n = Math.min(mr.end - mr.cursor, mw.end - mw.cursor);
            expect(op.kind === 'read' ? reader.read(writer) : writer.write(reader)).toBe(n);
            const moved = mr.bytes.slice(mr.cursor, mr.cursor + n);
            mw.bytes.set(moved, mw.cursor);
            mr.cursor += n;
            mw.cursor += n;
          } else if (op.kind === 'readVal' || op.kind === 'writeVal') {
            const pod = op.wide ? U64 : U32;
            if (op.kind === 'readVal') {
              if (mr.end - mr.cursor < pod.size) {
                expect(() => reader.readVal(pod)).toThrow(KernelPanic);
              } else {
                expect(reader.readVal(pod)).toEqual(podFromBytes(pod, mr.bytes.slice(mr.cursor, mr.cursor + pod.size)));
                mr.cursor += pod.size;
              }
            } else {
              const v = op.wide ? op.v : Number(op.v & 0xffffffffn);
              if (mw.end - mw.cursor < pod.size) {
                expect(() => writer.writeVal(pod, v as never)).toThrow(KernelPanic);
              } else {
                writer.writeVal(pod, v as never);
                const dv = new DataView(mw.bytes.buffer, mw.bytes.byteOffset);
                if (op.wide) dv.setBigUint64(mw.cursor, op.v, true);
                else dv.setUint32(mw.cursor, Number(op.v & 0xffffffffn), true);
                mw.cursor += pod.size;
              }
            }
          }
          expect(reader.remain()).toBe(mr.end - mr.cursor);
          expect(writer.avail()).toBe(mw.end - mw.cursor);
        }
        // toEqual walks 12 KiB element by element; the first differing index says as much, faster.
        expect(firstDiff(memory.readBytes(0, RAM), physModel)).toBe(-1);
        expect(firstDiff(slice, sliceModel)).toBe(-1);
        expect(rec.steps.flatMap(readerWriterStepProblems)).toEqual([]);
        expect(checkReaderWriterSteps(rec.steps).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
