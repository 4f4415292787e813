/**
 * Reading and writing trace files: the binary form when the file starts with its magic bytes,
 * else the text form.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeBinaryTrace, encodeBinaryTrace, isBinaryTrace } from './trace-binary.js';
import type { FrameTrace } from './frame-trace.js';
import { formatTextTrace, parseTextTrace } from './trace-text.js';
import { TraceFormatError } from './trace-errors.js';

/** Parses trace bytes in either form. @throws TraceFormatError */
export function parseTrace(bytes: Uint8Array): FrameTrace {
  if (isBinaryTrace(bytes)) return decodeBinaryTrace(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TraceFormatError('byte 0', 'neither a binary trace (magic KSFTRC\\0\\1) nor UTF-8 text');
  }
  return parseTextTrace(text);
}

/** Reads a trace file in either form. @throws TraceFormatError */
export function readTraceFile(path: string): FrameTrace {
  return parseTrace(readFileSync(path));
}

/** Writes a trace file: binary when `binary`, else text. */
export function writeTraceFile(path: string, trace: FrameTrace, binary: boolean): void {
  writeFileSync(path, binary ? encodeBinaryTrace(trace) : formatTextTrace(trace));
}
