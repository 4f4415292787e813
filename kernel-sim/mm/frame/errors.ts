/**
 * Errors of the frame allocator: bad input (a typed error naming the function and the value,
 * leaving the allocator unchanged) and broken free-list invariants.
 * @module
 */
import { KernelSimError } from '../../util/errors.js';

/** Bad input to a frame-allocator function; the allocator's state is unchanged. */
export class FrameAllocatorError extends KernelSimError {
  constructor(readonly fn: string, readonly value: number | string, readonly reason: string) {
    super(`${fn}: ${typeof value === 'number' ? value : `'${value}'`}: ${reason}`);
  }
}

/** The free lists broke an invariant (see `checkFreeLists`); lists every problem found. */
export class FreeListCorruption extends KernelSimError {
  constructor(readonly problems: readonly string[]) {
    super(`frame allocator free lists are inconsistent: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
  }
}
