import { bench, describe } from './bench-api.js';
import { PhysicalMemory } from '../../kernel-sim/machine/index.js';
import { LINEAR_MAPPING_BASE_VADDR, PhysRangeIo, PhysRangeListIo, U64, VmReader, VmWriter } from '../../kernel-sim/mm/io/index.js';

const BASE = LINEAR_MAPPING_BASE_VADDR;
const memory = new PhysicalMemory([{ start: 0, end: 64 << 20 }]);
memory.fill(0, 8 << 20, 0x5a); // touched pages: reads copy real bytes, not zeros of untouched RAM

describe('bulk copies (one copy per iteration)', () => {
  const MiB = 1 << 20;
  bench('VmReader.read(VmWriter): 1 MiB physical -> physical', () => {
    VmReader.fromRawParts(memory, BASE, MiB).read(VmWriter.fromRawPartsMut(memory, BASE + BigInt(4 * MiB), MiB));
  });
  const out = new Uint8Array(MiB);
  bench('VmReader.read(VmWriter): 1 MiB physical -> Uint8Array', () => {
    VmReader.fromRawParts(memory, BASE, MiB).read(VmWriter.fromBytes(out));
  });
  const seg = new PhysRangeIo(memory, 0, MiB, { typeName: 'Segment' });
  bench('Segment-like readBytes: 1 MiB', () => seg.readBytes(0, out));
  bench('Segment-like writeBytes: 1 MiB', () => seg.writeBytes(0, out));
  const frames = Array.from({ length: 256 }, (_, i) => ({ paddr: (255 - i) * 4096, size: 4096 }));
  const fv = new PhysRangeListIo(memory, frames);
  bench('FrameVec-like readBytes: 1 MiB over 256 discontiguous frames', () => fv.readBytes(0, out));
  bench('FrameVec-like writeBytes: 1 MiB over 256 discontiguous frames', () => fv.writeBytes(0, out));
});

describe('u64 values (10,000 per iteration)', () => {
  const N = 10_000;
  const frame = new PhysRangeIo(memory, 0x10000, 0x20000, { typeName: 'Frame' });
  const checked = new PhysRangeIo(memory, 0x10000, 0x20000, { typeName: 'Frame', check: true });
  bench('VmIo.readVal(offset, U64)', () => {
    for (let i = 0; i < N; i++) frame.readVal((i * 8) % 0x20000, U64);
  });
  bench('VmIo.writeVal(offset, U64, v)', () => {
    for (let i = 0; i < N; i++) frame.writeVal((i * 8) % 0x20000, U64, BigInt(i));
  });
  bench('VmIo.readVal(offset, U64), checking mode (Target 6)', () => {
    for (let i = 0; i < N; i++) checked.readVal((i * 8) % 0x20000, U64);
  });
  bench('VmReader.readVal(U64) sequential', () => {
    const r = VmReader.fromRawParts(memory, BASE + 0x10000n, N * 8);
    for (let i = 0; i < N; i++) r.readVal(U64);
  });
  bench('VmWriter.writeVal(U64) sequential', () => {
    const w = VmWriter.fromRawPartsMut(memory, BASE + 0x10000n, N * 8);
    for (let i = 0; i < N; i++) w.writeVal(U64, 0x1234n);
  });
});
