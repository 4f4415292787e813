/**
 * The root of kernel-sim's typed errors. Every error a user can cause by bad input is a
 * subclass with the offending value or position in its fields and its message.
 * @module
 */

/** Options of a {@link KernelSimError}. */
export interface KernelSimErrorOptions {
  /**
   * false for a simulated machine's exception (a #PF, a SIGSEGV), raised and handled thousands of
   * times in a run: the simulator's JavaScript stack says nothing about it, and capturing one
   * costs about 9 us, 90 % of the error's cost. Default true.
   */
  readonly stack?: boolean;
}

/** Base class of all typed kernel-sim errors. */
export class KernelSimError extends Error {
  constructor(message: string, options: KernelSimErrorOptions = {}) {
    if (options.stack === false) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      super(message);
      Error.stackTraceLimit = limit;
    } else {
      super(message);
    }
    this.name = new.target.name;
  }
}

/**
 * Where the kernel itself would panic: names the kernel function (as in the seed, e.g.
 * `Page::from_raw`) and the precondition that broke, with the offending value.
 */
export class KernelPanic extends KernelSimError {
  constructor(
    /** The kernel function that panicked, e.g. `MetaPageMeta::on_drop`. */
    readonly fn: string,
    /** What was wrong, with the value (addresses in hex). */
    readonly reason: string,
  ) {
    super(`kernel panic in ${fn}: ${reason}`);
  }
}
