/**
 * A frame-allocator operation trace: `add_frame` spans, `alloc(count)` (optionally with the
 * start the recording allocator returned, or "none"), and `dealloc(start, count)`, in order.
 * Held as parallel typed arrays so a replay reads no objects; `at` keeps each operation's line
 * (text form) or byte offset (binary form) for error messages.
 *
 * The two forms on disk are described in `README.md` beside this file.
 * @module
 */

const TWO31 = 2 ** 31;

/** Operation codes (also the binary form's opcode bytes). */
export const TRACE_OP = Object.freeze({
  /** add_frame(start, end) */
  add: 1,
  /** alloc(count), result not recorded */
  alloc: 2,
  /** alloc(count) that returned start b */
  allocExpect: 3,
  /** alloc(count) that returned None */
  allocExpectNone: 4,
  /** dealloc(start, count) */
  dealloc: 5,
} as const);

/** Where the operations came from, for error messages. */
export type TraceOrigin = 'line' | 'byte';

/** A trace in memory. */
export class FrameTrace {
  /** Opcodes ({@link TRACE_OP}). */
  op: Uint8Array;
  /** First operand: add start, alloc count, dealloc start. */
  a: Float64Array;
  /** Second operand: add end, expected alloc start, dealloc count (0 when unused). */
  b: Float64Array;
  /** Line (text) or byte offset (binary) of each operation; -1 when built in memory. */
  at: Float64Array;
  /** Number of operations. */
  length = 0;

  constructor(readonly origin: TraceOrigin | 'memory' = 'memory', capacity = 1024) {
    this.op = new Uint8Array(capacity);
    this.a = new Float64Array(capacity);
    this.b = new Float64Array(capacity);
    this.at = new Float64Array(capacity);
  }

  /**
   * The operands as 32-bit integers when every one is below 2^31 (else null), computed once per
   * length: a replay then passes small integers, which keeps the allocator on its integer paths.
   */
  int32Operands(): { readonly a: Int32Array; readonly b: Int32Array } | null {
    if (this.ints === undefined || this.intsLength !== this.length) {
      this.intsLength = this.length;
      this.ints = null;
      const n = this.length;
      if (this.a.subarray(0, n).every((x) => x < TWO31) && this.b.subarray(0, n).every((x) => x < TWO31)) {
        this.ints = { a: Int32Array.from(this.a.subarray(0, n)), b: Int32Array.from(this.b.subarray(0, n)) };
      }
    }
    return this.ints;
  }

  private ints: { readonly a: Int32Array; readonly b: Int32Array } | null | undefined = undefined;
  private intsLength = -1;

  /** How many operations have each opcode (indexed by {@link TRACE_OP} value), computed once per length. */
  opCounts(): Int32Array {
    if (this.countsLength !== this.length) {
      this.countsLength = this.length;
      this.counts = new Int32Array(6);
      for (let i = 0; i < this.length; i++) this.counts[this.op[i]!]!++;
    }
    return this.counts;
  }

  private counts = new Int32Array(6);
  private countsLength = 0;

  /** Appends one operation. */
  push(op: number, a: number, b: number, at = -1): void {
    if (this.length === this.op.length) this.grow();
    const i = this.length++;
    this.op[i] = op;
    this.a[i] = a;
    this.b[i] = b;
    this.at[i] = at;
  }

  /** Appends add_frame(start, end). */
  addFrame(start: number, end: number): void {
    this.push(TRACE_OP.add, start, end);
  }

  /** Appends alloc(count), with the start it returned (null: None; undefined: not recorded). */
  alloc(count: number, result?: number | null): void {
    if (result === undefined) this.push(TRACE_OP.alloc, count, 0);
    else if (result === null) this.push(TRACE_OP.allocExpectNone, count, 0);
    else this.push(TRACE_OP.allocExpect, count, result);
  }

  /** Appends dealloc(start, count). */
  dealloc(start: number, count: number): void {
    this.push(TRACE_OP.dealloc, start, count);
  }

  /** "line 12" or "byte 40" for operation `i`. */
  where(i: number): string {
    const at = this.at[i]!;
    if (at < 0) return `operation ${i}`;
    return `${this.origin} ${at}`;
  }

  private grow(): void {
    const n = this.op.length * 2;
    const op = new Uint8Array(n); op.set(this.op); this.op = op;
    const a = new Float64Array(n); a.set(this.a); this.a = a;
    const b = new Float64Array(n); b.set(this.b); this.b = b;
    const at = new Float64Array(n); at.set(this.at); this.at = at;
  }
}
