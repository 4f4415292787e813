/**
 * VmIo over one contiguous physical byte range of the machine's memory: what `Frame` and
 * `Segment` implement at 232e62b (`frame/mod.rs`, `frame/segment.rs`). Each access checks
 * `offset + len <= size`, then copies through a reader or writer over the range, as the kernel
 * does (`self.reader().skip(offset).read(&mut buf.into())`).
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { IoArgumentError } from './errors.js';
import type { IoOptions } from './io-options.js';
import { LinearMappedSpace } from './byte-space.js';
import { LINEAR_MAPPING_SIZE } from './linear-mapping.js';
import type { Pod, PodValue } from './pod.js';
import { isScalarPod, readPhysScalar, writePhysScalar } from './phys-scalar.js';
import { VmIoBase } from './vm-io.js';
import { VmReader } from './vm-reader.js';
import { VmWriter } from './vm-writer.js';

/** Options of a physical-range VmIo object. */
export interface PhysRangeIoOptions extends IoOptions {
  /** The kernel type it stands for in messages (`Frame`, `Segment`); default `PhysRangeIo`. */
  readonly typeName?: string;
}

/** VmIo over the physical bytes [paddr, paddr + size). */
export class PhysRangeIo extends VmIoBase {
  private readonly name: string;
  private readonly direct: boolean;
  private readonly space: LinearMappedSpace;

  /**
   * @throws IoArgumentError unless paddr and size are whole numbers and the range lies in the
   *   linear mapping's 2^46 bytes. (Whether the range is RAM is found at access time.)
   */
  constructor(readonly memory: PhysicalMemory, readonly paddr: number, private readonly nbytes: number, options: PhysRangeIoOptions = {}) {
    super(options);
    this.name = options.typeName !== undefined ? options.typeName : 'PhysRangeIo';
    checkPhysRange(this.name, paddr, nbytes);
    this.space = new LinearMappedSpace(memory);
    // Scalars skip the reader/writer when nobody checks or records their steps.
    this.direct = options.check !== true && options.onStep === undefined;
  }

  /** Size in bytes. */
  get size(): number {
    return this.nbytes;
  }

  protected get typeName(): string {
    return this.name;
  }

  /** One past the last physical address. */
  get endPaddr(): number {
    return this.paddr + this.nbytes;
  }

  /** A reader of the whole range (`Frame::reader`). */
  reader(): VmReader {
    return VmReader.ofLinearRange(this.space, this.paddr, this.nbytes, this.ioOptions);
  }

  /** A writer of the whole range (`Frame::writer`). */
  writer(): VmWriter {
    return VmWriter.ofLinearRange(this.space, this.paddr, this.nbytes, this.ioOptions);
  }

  readBytes(offset: number, buf: Uint8Array): void {
    const fn = `${this.name}::read_bytes`;
    this.checkAccess(fn, offset, buf.length);
    const n = this.reader().skip(offset).read(VmWriter.fromBytes(buf, this.ioOptions));
    if (n !== buf.length) throw new KernelPanic(fn, `copied ${n} of ${buf.length} bytes (debug_assert!(len == buf.len()))`);
  }

  /** As the trait's default (read_bytes, then decode); scalars are read directly when unwatched. */
  override readVal<P extends Pod>(offset: number, pod: P): PodValue<P> {
    if (!this.direct || !isScalarPod(pod)) return super.readVal(offset, pod);
    this.checkAccess(`${this.name}::read_bytes`, offset, pod.size);
    return readPhysScalar(this.memory, this.paddr + offset, pod) as PodValue<P>;
  }

  /** As the trait's default (encode, then write_bytes); scalars are written directly when unwatched. */
  override writeVal<P extends Pod>(offset: number, pod: P, value: PodValue<P>): void {
    if (!this.direct || !isScalarPod(pod)) return super.writeVal(offset, pod, value);
    this.checkAccess(`${this.name}::write_bytes`, offset, pod.size);
    writePhysScalar(this.memory, this.paddr + offset, pod, value as PodValue<typeof pod>);
  }

  writeBytes(offset: number, buf: Uint8Array): void {
    const fn = `${this.name}::write_bytes`;
    this.checkAccess(fn, offset, buf.length);
    const n = this.writer().skip(offset).write(VmReader.fromBytes(buf, this.ioOptions));
    if (n !== buf.length) throw new KernelPanic(fn, `copied ${n} of ${buf.length} bytes (debug_assert!(len == buf.len()))`);
  }
}

/** Throws IoArgumentError unless [paddr, paddr + size) is a range the linear mapping covers. */
export function checkPhysRange(fn: string, paddr: number, size: number): void {
  if (!Number.isSafeInteger(paddr) || paddr < 0) throw new IoArgumentError(fn, 'paddr', paddr);
  if (!Number.isSafeInteger(size) || size < 0) throw new IoArgumentError(fn, 'size', size);
  if (paddr + size > LINEAR_MAPPING_SIZE) throw new IoArgumentError(fn, 'end', paddr + size, `inside the linear mapping's ${LINEAR_MAPPING_SIZE} bytes`);
}
