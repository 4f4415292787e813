/**
 * Errors of page handles and page metadata: kernel panics (with the 232e62b function name)
 * where the kernel would panic or spin forever, typed errors for misuse of a model handle, and
 * the checking mode's invariant violations. Each leaves metadata and allocator consistent.
 * @module
 */
import { hex } from '../../machine/index.js';
import { KernelPanic, KernelSimError } from '../../util/errors.js';

/** The ways `Page::try_from_unused` refuses an address (`PageHandleError` at 232e62b). */
export type PageHandleErrorKind = 'OutOfRange' | 'NotAligned' | 'InUse';

/** `Page::from_unused` panicking on an invalid address ("Failed to get a page handle"). */
export class PageHandlePanic extends KernelPanic {
  constructor(fn: string, readonly paddr: number, readonly kind: PageHandleErrorKind, detail: string) {
    super(fn, `Failed to get a page handle: ${kind}: paddr ${hex(paddr)} ${detail}`);
  }
}

/**
 * `Page::from_unused` on a page in use: 232e62b spins (`core::hint::spin_loop()`) until the page
 * is released. With one simulated CPU nobody can release it, so the kernel would hang; the model
 * reports the hang instead (Verification Target 3, loop termination).
 */
export class FromUnusedSpinError extends KernelPanic {
  constructor(readonly paddr: number, readonly usage: string, readonly refCount: number) {
    super('Page::from_unused', `page ${hex(paddr)} is in use (usage ${usage}, ref_count ${refCount}): the kernel would spin forever waiting for its release`);
  }
}

/**
 * `Page::from_unused` of a frame that FRAME_ALLOCATOR has not handed out (it is free): 232e62b
 * trusts its caller and would type a free frame; the model refuses before any change.
 */
export class FromUnusedFreeFrameError extends KernelSimError {
  constructor(readonly paddr: number, readonly meta: string) {
    super(`Page::from_unused: page ${hex(paddr)} is free in the frame allocator; a ${meta} page must be allocated first (it would be both free and owned)`);
  }
}

/** `Page::from_raw` of a page without a forgotten handle, or with the wrong usage. */
export class FromRawError extends KernelPanic {
  constructor(readonly paddr: number, reason: string) {
    super('Page::from_raw', `paddr ${hex(paddr)}: ${reason}`);
  }
}

/** A method called on a page handle that was dropped or forgotten (`into_raw`). */
export class UseAfterDropError extends KernelSimError {
  constructor(readonly method: string, readonly paddr: number, readonly state: 'dropped' | 'forgotten') {
    super(`${method}: the handle of page ${hex(paddr)} was ${state === 'dropped' ? 'dropped' : 'forgotten by into_raw'}; it refuses every use`);
  }
}

/** `drop()` of a handle that was already dropped (or forgotten). */
export class DoubleDropError extends UseAfterDropError {}

/** Page allocation before `meta::init` made the `MetaSlot[]` array (ALO-04, fixed side). */
export class MetaNotReadyError extends KernelSimError {
  constructor(readonly fn: string) {
    super(`${fn}: page metadata is not initialised yet (meta::init has not run); frames cannot become pages`);
  }
}

/** A verification-target invariant broke in checking mode. */
export class InvariantViolation extends KernelSimError {
  constructor(
    /** The seed's verification target number (2-13). */
    readonly target: number,
    /** The operation after which the check ran, e.g. `Page::clone`. */
    readonly point: string,
    /** What broke, one line each, with addresses. */
    readonly violations: readonly string[],
  ) {
    super(`Verification Target ${target} violated after ${point}: ${violations.slice(0, 4).join('; ')}${violations.length > 4 ? `; and ${violations.length - 4} more` : ''}`);
  }
}
