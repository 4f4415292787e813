/**
 * The root of kernel-sim's typed errors. Every error a user can cause by bad input is a
 * subclass with the offending value or position in its fields and its message.
 * @module
 */

/** Base class of all typed kernel-sim errors. */
export class KernelSimError extends Error {
  constructor(message: string) {
    super(message);
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
