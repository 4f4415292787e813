/**
 * VmIo over a list of physical byte ranges read and written in order as one object: what
 * `FrameVec` implements at 232e62b (FG4.7). The kernel finds the first frame by
 * `offset / PAGE_SIZE`, its frames being one page each; the model walks ranges of any size,
 * which is the same when every range is a page.
 * @module
 */
import { PhysicalMemoryFault, type PhysicalMemory } from '../../machine/index.js';
import type { IoOptions } from './io-options.js';
import { checkPhysRange, PhysRangeIo } from './phys-range-io.js';
import { VmIoBase } from './vm-io.js';
import { VmReader } from './vm-reader.js';
import { VmWriter } from './vm-writer.js';

/** One physical byte range of a discontiguous object. */
export interface PhysPiece {
  readonly paddr: number;
  readonly size: number;
}

/** Options of a discontiguous VmIo object. */
export interface PhysRangeListIoOptions extends IoOptions {
  /** The kernel type it stands for in messages; default `FrameVec`. */
  readonly typeName?: string;
}

/** VmIo over `pieces`, concatenated in order. */
export class PhysRangeListIo extends VmIoBase {
  /** One contiguous VmIo per piece. */
  readonly pieces: readonly PhysRangeIo[];
  private readonly name: string;
  private readonly total: number;

  /** @throws IoArgumentError for a piece outside the linear mapping or not whole numbers. */
  constructor(readonly memory: PhysicalMemory, pieces: readonly PhysPiece[], options: PhysRangeListIoOptions = {}) {
    super(options);
    this.name = options.typeName !== undefined ? options.typeName : 'FrameVec';
    for (const p of pieces) checkPhysRange(this.name, p.paddr, p.size);
    this.pieces = pieces.map((p) => new PhysRangeIo(memory, p.paddr, p.size, { ...options, typeName: this.name }));
    this.total = pieces.reduce((n, p) => n + p.size, 0);
  }

  /** Total bytes of all pieces. */
  get size(): number {
    return this.total;
  }

  protected get typeName(): string {
    return this.name;
  }

  readBytes(offset: number, buf: Uint8Array): void {
    this.checkAccess(`${this.name}::read_bytes`, offset, buf.length);
    const out = VmWriter.fromBytes(buf, this.ioOptions);
    this.walk(offset, (piece, start) => piece.reader().skip(start).read(out));
  }

  writeBytes(offset: number, buf: Uint8Array): void {
    this.checkAccess(`${this.name}::write_bytes`, offset, buf.length);
    // All or nothing: a piece that is not RAM would fault half way, so look before writing.
    this.walk(offset, (piece, start, want) => {
      const n = Math.min(piece.size - start, want);
      if (n > 0 && !this.memory.ram.contains(piece.paddr + start, n)) throw new PhysicalMemoryFault(piece.paddr + start, n, 'write');
      return n;
    }, buf.length);
    const src = VmReader.fromBytes(buf, this.ioOptions);
    this.walk(offset, (piece, start) => piece.writer().skip(start).write(src));
  }

  // Calls fn(piece, start in piece, bytes still wanted) from the piece holding `offset`, in
  // order, until fn returns 0 or `want` bytes were handled.
  private walk(offset: number, fn: (piece: PhysRangeIo, start: number, want: number) => number, want = Infinity): void {
    let start = offset;
    let left = want;
    for (const piece of this.pieces) {
      if (start >= piece.size) {
        start -= piece.size;
        continue;
      }
      const n = fn(piece, start, left);
      left -= n;
      if (n === 0 || left <= 0) break;
      start = 0;
    }
  }
}
