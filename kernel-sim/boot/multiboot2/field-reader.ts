import { MultibootError } from './errors.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_LOSSY = new TextDecoder('utf-8');

/**
 * Reads little-endian fields of one tag, refusing to read past the tag's end; every error names
 * the absolute byte offset in the MBI.
 */
export class FieldReader {
  private readonly view: DataView;
  /** Absolute offset of the next field. */
  pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    /** Absolute offset one past the tag's last byte. */
    readonly end: number,
    private readonly tagType: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  /** Bytes left in the tag. */
  get remaining(): number {
    return this.end - this.pos;
  }

  private take(n: number, what: string): number {
    if (n > this.end - this.pos) {
      throw new MultibootError(
        'tag-too-short-for-fields',
        this.pos,
        `tag type ${this.tagType} ends at offset ${this.end}, ${this.end - this.pos} bytes before its ${what} (${n} bytes) ends`,
      );
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.take(1, what));
  }
  u16(what: string): number {
    return this.view.getUint16(this.take(2, what), true);
  }
  u32(what: string): number {
    return this.view.getUint32(this.take(4, what), true);
  }
  u64(what: string): bigint {
    return this.view.getBigUint64(this.take(8, what), true);
  }
  /** A copy of the next `n` bytes. */
  bytesOf(n: number, what: string): Uint8Array {
    const at = this.take(n, what);
    return this.bytes.slice(at, at + n);
  }
  /** A copy of every byte left in the tag. */
  rest(): Uint8Array {
    return this.bytesOf(this.remaining, 'rest');
  }
  /** A NUL-terminated string; its raw bytes are kept only when they are not valid UTF-8. */
  cstring(what: string): { text: string; raw?: Uint8Array } {
    const start = this.pos;
    const nul = this.bytes.subarray(start, this.end).indexOf(0);
    if (nul < 0) {
      throw new MultibootError('unterminated-string', start, `tag type ${this.tagType}: ${what} has no NUL before the tag ends at offset ${this.end}`);
    }
    const raw = this.bytes.subarray(start, start + nul);
    this.pos = start + nul + 1;
    try {
      return { text: UTF8.decode(raw) };
    } catch {
      return { text: UTF8_LOSSY.decode(raw), raw: raw.slice() };
    }
  }
  /** Throws a 'bad-field' error at the field that starts at `at`. */
  fail(at: number, code: ConstructorParameters<typeof MultibootError>[0], detail: string): never {
    throw new MultibootError(code, at, `tag type ${this.tagType}: ${detail}`);
  }
}
