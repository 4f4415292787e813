/**
 * The text form of a frame trace (see README.md): a `kernel-sim-frame-trace 1` header, then one
 * operation per line; `#` starts a comment.
 * @module
 */
import { FrameTrace, TRACE_OP } from './frame-trace.js';
import { TraceFormatError } from './trace-errors.js';

/** The first line of every text trace. */
export const TEXT_TRACE_HEADER = 'kernel-sim-frame-trace 1';

const MAX_OPERAND = 2 ** 40;

/**
 * Parses the text form.
 * @throws TraceFormatError naming the line and what is wrong there.
 */
export function parseTextTrace(text: string): FrameTrace {
  const trace = new FrameTrace('line');
  const lines = text.split('\n');
  let headerSeen = false;
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const hash = lines[n]!.indexOf('#');
    const body = (hash >= 0 ? lines[n]!.slice(0, hash) : lines[n]!).trim();
    if (body === '') continue;
    if (!headerSeen) {
      if (body !== TEXT_TRACE_HEADER) throw new TraceFormatError(`line ${lineNo}`, `expected the header '${TEXT_TRACE_HEADER}'`);
      headerSeen = true;
      continue;
    }
    const words = body.split(/\s+/);
    const verb = words[0]!;
    const num = (i: number, what: string, min: number) => operand(words[i], what, min, lineNo);
    const arity = (k: number) => {
      if (words.length !== k) throw new TraceFormatError(`line ${lineNo}`, `'${verb}' takes ${k - 1} operands, got ${words.length - 1}`);
    };
    if (verb === 'add') {
      arity(3);
      const start = num(1, 'start', 0);
      const end = num(2, 'end', 0);
      if (end < start) throw new TraceFormatError(`line ${lineNo}`, `add: end ${end} is below start ${start}`);
      trace.push(TRACE_OP.add, start, end, lineNo);
    } else if (verb === 'alloc') {
      if (words.length !== 2 && words.length !== 3) throw new TraceFormatError(`line ${lineNo}`, `'alloc' takes a count and optionally the recorded result, got ${words.length - 1} operands`);
      const count = num(1, 'count', 1);
      if (words.length === 2) trace.push(TRACE_OP.alloc, count, 0, lineNo);
      else if (words[2] === 'none') trace.push(TRACE_OP.allocExpectNone, count, 0, lineNo);
      else trace.push(TRACE_OP.allocExpect, count, num(2, 'result', 0), lineNo);
    } else if (verb === 'dealloc') {
      arity(3);
      trace.push(TRACE_OP.dealloc, num(1, 'start', 0), num(2, 'count', 1), lineNo);
    } else {
      throw new TraceFormatError(`line ${lineNo}`, `unknown operation '${verb.slice(0, 40)}' (expected add, alloc or dealloc)`);
    }
  }
  if (!headerSeen) throw new TraceFormatError('line 1', `empty trace: expected the header '${TEXT_TRACE_HEADER}'`);
  return trace;
}

function operand(word: string | undefined, what: string, min: number, lineNo: number): number {
  const v = word !== undefined && /^(?:0|[1-9][0-9]*|0x[0-9a-fA-F]+)$/.test(word) ? Number(word) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > MAX_OPERAND) {
    throw new TraceFormatError(`line ${lineNo}`, `${what} '${String(word).slice(0, 40)}' is not an integer in [${min}, 2^40] (decimal or 0x hex)`);
  }
  return v;
}

/** Writes `trace` in the text form. */
export function formatTextTrace(trace: FrameTrace): string {
  const out: string[] = [TEXT_TRACE_HEADER];
  for (let i = 0; i < trace.length; i++) {
    const a = trace.a[i]!;
    const b = trace.b[i]!;
    switch (trace.op[i]) {
      case TRACE_OP.add: out.push(`add ${a} ${b}`); break;
      case TRACE_OP.alloc: out.push(`alloc ${a}`); break;
      case TRACE_OP.allocExpect: out.push(`alloc ${a} ${b}`); break;
      case TRACE_OP.allocExpectNone: out.push(`alloc ${a} none`); break;
      default: out.push(`dealloc ${a} ${b}`);
    }
  }
  return out.join('\n') + '\n';
}
