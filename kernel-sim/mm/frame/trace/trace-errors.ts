/**
 * Errors of trace files and replays: where (line or byte offset, or operation) and what.
 * @module
 */
import { KernelSimError } from '../../../util/errors.js';

/** A malformed trace file; `where` is "line N" (text form) or "byte N" (binary form). */
export class TraceFormatError extends KernelSimError {
  constructor(readonly where: string, readonly reason: string) {
    super(`trace ${where}: ${reason}`);
  }
}

/** A replay that stopped: the allocator refused an operation or answered otherwise than recorded. */
export class TraceReplayError extends KernelSimError {
  constructor(readonly where: string, readonly index: number, readonly reason: string) {
    super(`trace ${where} (operation ${index}): ${reason}`);
  }
}
