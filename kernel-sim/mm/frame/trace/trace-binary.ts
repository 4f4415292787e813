/**
 * The binary form of a frame trace (see README.md): the 8 magic bytes `KSFTRC\x00\x01`, then
 * per operation an opcode byte and its operands as unsigned LEB128 varints.
 * @module
 */
import { FrameTrace, TRACE_OP } from './frame-trace.js';
import { TraceFormatError } from './trace-errors.js';

/** The first 8 bytes of every binary trace ("KSFTRC", 0, version 1). */
export const BINARY_TRACE_MAGIC = Uint8Array.from([0x4b, 0x53, 0x46, 0x54, 0x52, 0x43, 0x00, 0x01]);

const MAX_OPERAND = 2 ** 40;
// Operands per opcode (index = opcode).
const ARITY = [0, 2, 1, 2, 1, 2];

/** True when `bytes` start with the binary magic. */
export function isBinaryTrace(bytes: Uint8Array): boolean {
  if (bytes.length < BINARY_TRACE_MAGIC.length) return false;
  for (let i = 0; i < BINARY_TRACE_MAGIC.length; i++) if (bytes[i] !== BINARY_TRACE_MAGIC[i]) return false;
  return true;
}

/**
 * Decodes the binary form.
 * @throws TraceFormatError naming the byte offset of the bad opcode or operand.
 */
export function decodeBinaryTrace(bytes: Uint8Array): FrameTrace {
  if (!isBinaryTrace(bytes)) throw new TraceFormatError('byte 0', 'not a binary frame trace (the magic bytes KSFTRC\\0\\1 are missing)');
  const trace = new FrameTrace('byte', Math.max(16, bytes.length >> 2));
  let pos = BINARY_TRACE_MAGIC.length;
  const operands = [0, 0];
  while (pos < bytes.length) {
    const at = pos;
    const op = bytes[pos++]!;
    if (op < TRACE_OP.add || op > TRACE_OP.dealloc) throw new TraceFormatError(`byte ${at}`, `unknown opcode ${op} (expected 1..5)`);
    for (let k = 0; k < ARITY[op]!; k++) {
      const start = pos;
      let v = 0;
      let scale = 1;
      for (;;) {
        if (pos >= bytes.length) throw new TraceFormatError(`byte ${start}`, 'the trace ends inside an operand');
        const byte = bytes[pos++]!;
        v += (byte & 0x7f) * scale;
        scale *= 128;
        if ((byte & 0x80) === 0) break;
        if (pos - start >= 6) throw new TraceFormatError(`byte ${start}`, 'operand longer than 6 bytes (operands are at most 2^40)');
      }
      if (v > MAX_OPERAND) throw new TraceFormatError(`byte ${start}`, `operand ${v} exceeds 2^40`);
      operands[k] = v;
    }
    const a = operands[0]!;
    const b = ARITY[op] === 2 ? operands[1]! : 0;
    if (op === TRACE_OP.add && b < a) throw new TraceFormatError(`byte ${at}`, `add: end ${b} is below start ${a}`);
    if ((op === TRACE_OP.alloc || op === TRACE_OP.allocExpectNone || op === TRACE_OP.allocExpect) && a < 1) throw new TraceFormatError(`byte ${at}`, 'alloc: count must be at least 1');
    if (op === TRACE_OP.dealloc && b < 1) throw new TraceFormatError(`byte ${at}`, 'dealloc: count must be at least 1');
    trace.push(op, a, b, at);
  }
  return trace;
}

/** Encodes `trace` in the binary form. */
export function encodeBinaryTrace(trace: FrameTrace): Uint8Array {
  const out = new Uint8Array(BINARY_TRACE_MAGIC.length + trace.length * 13);
  out.set(BINARY_TRACE_MAGIC);
  let pos = BINARY_TRACE_MAGIC.length;
  const put = (v: number) => {
    while (v >= 128) {
      out[pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    out[pos++] = v;
  };
  for (let i = 0; i < trace.length; i++) {
    const op = trace.op[i]!;
    out[pos++] = op;
    put(trace.a[i]!);
    if (ARITY[op] === 2) put(trace.b[i]!);
  }
  return out.slice(0, pos);
}
