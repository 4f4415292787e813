/**
 * Random Frame, Segment and FrameVec handles on a small machine (1 MiB of RAM, so memory runs
 * short and fragments), read and written through VmIo, VmReader/VmWriter and Pod slices, cloned,
 * sub-ranged and dropped, against a byte model of every handle and a conservation model of the
 * frames held. A reader kept past its handle's drop must refuse (issue 12, bug 2).
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import type { Kernel } from '../../kernel/index.js';
import type { Frame, FrameVec, Segment } from '../../mm/handles/index.js';
import { U32, VmReader, VmWriter } from '../../mm/io/index.js';
import { UseAfterDropError } from '../../mm/page/index.js';
import type { SeededRng } from '../../util/seeded-rng.js';
import { stressKernel, sweepPageState } from './stress-kernel.js';
import { expectModel, randomBytes, sameBytes, thrown, type StressRun, type StressWorkload } from './workload.js';

const NAME = 'frames';

// An allocation: its frames are held until its last handle drops.
interface Group {
  readonly frames: number;
  handles: number;
}

interface Held {
  readonly h: Frame | Segment | FrameVec;
  readonly data: Uint8Array;
  readonly group: Group;
}

/** The frames/pages/reader-writer workload. */
export const framesWorkload: StressWorkload = {
  name: NAME,
  covers: 'Frame / Segment / FrameVec with VmIo, VmReader / VmWriter, Pod slices, clone, range, drop; bytes and frames conserved',
  start(bugs: BugSet, rng: SeededRng): StressRun {
    const k = stressKernel(bugs, 1);
    const fa = k.frameAllocator;
    const base = fa.buddy.allocated;
    const total = fa.buddy.free;
    const held: Held[] = [];
    let heldFrames = 0;
    const release = (g: Group): void => {
      if (--g.handles === 0) heldFrames -= g.frames;
    };
    const ops = [
      () => alloc(k, rng, held, total - heldFrames, (n) => { heldFrames += n; }),
      () => write(rng, held),
      () => read(rng, held),
      () => slice(rng, held),
      () => share(rng, held),
      () => {
        const x = held.splice(rng.below(held.length), 1)[0];
        if (x === undefined) return;
        const r = 'reader' in x.h && rng.below(4) === 0 ? x.h.reader() : null;
        x.h.drop();
        release(x.group);
        if (r !== null) expectModel(NAME, thrown(() => r.readVal(U32)) instanceof UseAfterDropError, () => 'a reader used after its handle was dropped did not refuse');
      },
    ];
    return {
      step() {
        const i = held.length > 48 ? 5 : rng.weighted([3, 3, 3, 1, 1, 2]);
        ops[i]!();
      },
      checkpoint() {
        sweepPageState(k, 'stress frames checkpoint');
        expectModel(NAME, fa.buddy.allocated - base === heldFrames, () => `${fa.buddy.allocated - base} frames allocated, ${heldFrames} held by handles`);
        for (const x of held) {
          const buf = new Uint8Array(x.data.length);
          x.h.readBytes(0, buf);
          expectModel(NAME, sameBytes(buf, x.data), () => 'a handle\'s bytes differ from the model');
        }
      },
    };
  },
};

function alloc(k: Kernel, rng: SeededRng, held: Held[], free: number, took: (n: number) => void): void {
  const kind = rng.below(3);
  const n = kind === 0 ? 1 : 1 + rng.below(rng.below(4) === 0 ? 24 : 6);
  const h = kind === 0 ? k.frames.allocSingle() : kind === 1 ? k.frames.allocContiguous(n) : k.frames.alloc(n);
  // Fixed: a FrameVec (and a single frame) is refused only when fewer frames are free.
  if (kind !== 1) expectModel(NAME, h !== null || free < n, () => `${kind === 0 ? 'alloc_single' : `alloc(${n})`} returned None with ${free} frames free`);
  if (h === null) return;
  took(n);
  held.push({ h, data: new Uint8Array(n * 4096), group: { frames: n, handles: 1 } });
}

function pick(rng: SeededRng, held: Held[]): Held | undefined {
  return held[rng.below(held.length)];
}

function span(rng: SeededRng, size: number, max: number): [number, number] {
  const off = rng.below(size);
  return [off, 1 + rng.below(Math.min(max, size - off))];
}

function write(rng: SeededRng, held: Held[]): void {
  const x = pick(rng, held);
  if (x === undefined) return;
  const [off, len] = span(rng, x.data.length, 300);
  const bytes = randomBytes(rng, len);
  const h = x.h;
  if ('writer' in h && rng.below(2) === 0) {
    const w = h.writer().skip(off).limit(len);
    expectModel(NAME, w.write(VmReader.fromBytes(bytes)) === len, () => 'VmWriter::write copied fewer bytes than it had room for');
  } else h.writeBytes(off, bytes);
  x.data.set(bytes, off);
}

function read(rng: SeededRng, held: Held[]): void {
  const x = pick(rng, held);
  if (x === undefined) return;
  const [off, len] = span(rng, x.data.length, 300);
  const buf = new Uint8Array(len);
  const h = x.h;
  if ('reader' in h && rng.below(2) === 0) h.reader().skip(off).read(VmWriter.fromBytes(buf));
  else h.readBytes(off, buf);
  expectModel(NAME, sameBytes(buf, x.data.subarray(off, off + len)), () => `bytes at offset ${off} (+${len}) differ from what was written`);
}

// write_slice / read_slice of u32s (IOV-01's subject), checked byte for byte.
function slice(rng: SeededRng, held: Held[]): void {
  const x = pick(rng, held);
  if (x === undefined) return;
  const n = 1 + rng.below(8);
  if (x.data.length < n * 4) return;
  const off = rng.below(x.data.length - n * 4 + 1);
  const vals = Array.from({ length: n }, () => rng.int(0, 0x7fff_ffff));
  x.h.writeSlice(off, U32, vals);
  const dv = new DataView(x.data.buffer, x.data.byteOffset, x.data.byteLength);
  vals.forEach((v, i) => dv.setUint32(off + i * 4, v, true));
  const back: number[] = new Array<number>(n).fill(0);
  x.h.readSlice(off, U32, back);
  expectModel(NAME, back.every((v, i) => v === vals[i]), () => `read_slice gave [${back.join(', ')}] after write_slice of [${vals.join(', ')}]`);
}

// clone of a Frame or Segment, or a Segment sub-range: the same bytes under another handle.
function share(rng: SeededRng, held: Held[]): void {
  const x = pick(rng, held);
  if (x === undefined || !('clone' in x.h)) return;
  const h = x.h;
  const frames = x.data.length / 4096;
  if ('range' in h && frames > 1 && rng.below(2) === 0) {
    const from = rng.below(frames);
    const to = from + 1 + rng.below(frames - from);
    held.push({ h: h.range(from, to), data: x.data.subarray(from * 4096, to * 4096), group: x.group });
  } else held.push({ h: h.clone(), data: x.data, group: x.group });
  x.group.handles++;
}
