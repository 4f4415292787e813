import { KernelSimError } from '../../util/errors.js';

/** A tag field whose value does not fit its width when building an MBI. */
export class MultibootBuildError extends KernelSimError {
  constructor(
    readonly field: string,
    readonly value: number | bigint,
    detail: string,
  ) {
    super(`cannot build MBI: ${field} = ${value} ${detail}`);
  }
}

const UTF8 = new TextEncoder();

/** A growable little-endian byte buffer with range-checked field writes. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  /** Bytes written so far. */
  length = 0;

  // Callers take the offset before touching `view`: growing replaces it.
  private reserve(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  private checkInt(field: string, v: number, bits: number): void {
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) {
      throw new MultibootBuildError(field, v, `is not a u${bits}`);
    }
  }

  u8(v: number, field: string): void {
    this.checkInt(field, v, 8);
    const at = this.reserve(1);
    this.view.setUint8(at, v);
  }
  u16(v: number, field: string): void {
    this.checkInt(field, v, 16);
    const at = this.reserve(2);
    this.view.setUint16(at, v, true);
  }
  u32(v: number, field: string): void {
    this.checkInt(field, v, 32);
    const at = this.reserve(4);
    this.view.setUint32(at, v, true);
  }
  u64(v: bigint, field: string): void {
    if (v < 0n || v >= 1n << 64n) throw new MultibootBuildError(field, v, 'is not a u64');
    const at = this.reserve(8);
    this.view.setBigUint64(at, v, true);
  }
  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }
  /** A string and its NUL; `raw` wins when given (bytes that were not valid UTF-8). */
  cstring(s: { text: string; raw?: Uint8Array }): void {
    this.bytes(s.raw ?? UTF8.encode(s.text));
    this.u8(0, 'string terminator');
  }
  /** Overwrites a u32 written earlier (sizes known only at the end). */
  patchU32(at: number, v: number, field: string): void {
    this.checkInt(field, v, 32);
    this.view.setUint32(at, v, true);
  }
  /** Zero bytes up to the next multiple of `align`. */
  alignTo(align: number): void {
    const pad = (align - (this.length % align)) % align;
    this.reserve(pad);
    this.buf.fill(0, this.length - pad, this.length);
  }
  /** The bytes written, as a copy. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
