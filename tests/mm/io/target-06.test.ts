import { describe, it, expect } from 'vitest';
import { PhysicalMemory } from '../../../kernel-sim/machine/index.js';
import {
  PhysRangeIo, PhysRangeListIo, Target6Violation, U64, VmReader, VmWriter, checkReaderWriterStep, readerWriterStepProblems,
  recordReaderWriterSteps, type ReaderWriterStep,
} from '../../../kernel-sim/mm/io/index.js';
import { checkReaderWriterRun, checkReaderWriterSteps } from '../../../kernel-sim/audit/targets/target-06-reader-writer.js';

const good: ReaderWriterStep = { side: 'VmReader', op: 'read', base: 0xffff800000000000n, cursorBefore: 0x1000, endBefore: 0x2000, cursorAfter: 0x1010, endAfter: 0x2000, accessStart: 0x1000, accessLen: 0x10 };

describe('Target 6 step checks', () => {
  it('pass a good step', () => {
    expect(readerWriterStepProblems(good)).toEqual([]);
    expect(() => checkReaderWriterStep(good)).not.toThrow();
  });

  it.each([
    ['monotonic range reduction', { endAfter: 0x2001 }, /\[0xffff800000001000, 0xffff800000002000\) became \[0xffff800000001010, 0xffff800000002001\)/],
    ['monotonic range reduction', { cursorAfter: 0xfff, accessLen: 0 }, /became/],
    ['cursor boundary', { cursorAfter: 0x2010, accessLen: 0 }, /cursor 0xffff800000002010 > end 0xffff800000002000/],
    ['cursor boundary', { cursorBefore: 0x3000, cursorAfter: 0x3000, accessLen: 0 }, /cursor/],
    ['memory access confinement', { accessStart: 0x1ff8 }, /touched \[0xffff800000001ff8, 0xffff800000002008\) outside/],
    ['memory access confinement', { accessStart: 0xff0 }, /outside/],
  ] as const)('catch a break of %s', (property, change, message) => {
    const bad = { ...good, ...change };
    expect(readerWriterStepProblems(bad).map((p) => p.property)).toContain(property);
    let err: unknown;
    try { checkReaderWriterStep(bad); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(Target6Violation);
    expect((err as Target6Violation).target).toBe(6);
    expect((err as Target6Violation).message).toMatch(/^Verification Target 6 \(/);
    expect(readerWriterStepProblems(bad).map((p) => p.detail).join('\n')).toMatch(message);
  });
});

describe('checking mode and recording', () => {
  it('record one step per cursor that moved, each op named', () => {
    const m = new PhysicalMemory([{ start: 0, end: 0x10000 }]);
    const rec = recordReaderWriterSteps();
    const io = new PhysRangeIo(m, 0x1000, 0x1000, { check: true, onStep: rec.onStep });
    io.writeVal(8, U64, 5n);
    expect(io.readVal(8, U64)).toBe(5n);
    expect(rec.steps.map((s) => `${s.side}::${s.op}`)).toEqual([
      'VmWriter::skip', 'VmReader::write', 'VmWriter::write',
      'VmReader::skip', 'VmReader::read', 'VmWriter::read',
    ]);
  });

  it('report Target 6 over a run of Frame, FrameVec, reader and writer operations', () => {
    const m = new PhysicalMemory([{ start: 0, end: 0x10000 }]);
    const report = checkReaderWriterRun((options) => {
      const fv = new PhysRangeListIo(m, [{ paddr: 0x4000, size: 0x1000 }, { paddr: 0x2000, size: 0x1000 }], options);
      fv.writeBytes(0x800, new Uint8Array(0x1000).fill(7));
      const r = VmReader.fromBytes(new Uint8Array(64), options).limit(36).skip(4);
      const w = fv.pieces[1]!.writer().skip(16);
      w.write(r);
      w.fill(U64, 1n);
    });
    expect(report.target).toBe(6);
    expect(report.ok).toBe(true);
    expect(report.properties.map((p) => p.property)).toEqual(['monotonic range reduction', 'cursor boundary', 'memory access confinement']);
    expect(report.properties[0]!.notes![0]).toMatch(/^\d+ reader\/writer steps checked$/);
  });

  it('gather every broken step into the report', () => {
    const report = checkReaderWriterSteps([good, { ...good, endAfter: 0x3000 }, { ...good, accessStart: 0 }]);
    expect(report.ok).toBe(false);
    expect(report.properties.map((p) => p.violations.length)).toEqual([1, 0, 1]);
  });

  it('cost nothing when off: no steps, same bytes', () => {
    const b = new Uint8Array(16);
    const w = VmWriter.fromBytes(b);
    w.writeVal(U64, 3n);
    expect(b[0]).toBe(3);
  });
});
