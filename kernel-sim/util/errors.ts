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
