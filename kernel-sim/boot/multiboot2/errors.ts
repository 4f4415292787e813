import { KernelSimError } from '../../util/errors.js';

/** What was wrong with a Multiboot2 information structure. */
export type MultibootErrorCode =
  | 'truncated-header'
  | 'total-size-too-small'
  | 'total-size-exceeds-data'
  | 'trailing-bytes'
  | 'tag-too-small'
  | 'tag-overruns'
  | 'tag-too-short-for-fields'
  | 'entry-size-too-small'
  | 'partial-entry'
  | 'zero-length-entry'
  | 'entry-overflows'
  | 'unterminated-string'
  | 'missing-end-tag'
  | 'bad-end-tag'
  | 'bad-field';

/**
 * A malformed Multiboot2 information structure, with the byte offset (from the start of the
 * MBI) of the field that was wrong.
 */
export class MultibootError extends KernelSimError {
  constructor(
    readonly code: MultibootErrorCode,
    readonly offset: number,
    detail: string,
  ) {
    super(`MBI byte offset ${offset} (0x${offset.toString(16)}): ${detail}`);
  }
}
