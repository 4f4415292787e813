/**
 * The typed errors of sweeps: a bad sweep file (naming the field), a results folder that
 * belongs to another sweep or is damaged (naming the file and line), a queue that cannot be
 * reached, and a job made by another kernel-sim version.
 * @module
 */
import { KernelSimError } from '../util/errors.js';

/** A sweep file that is not valid; `field` is a path such as `jobs[2].workload.seed`. */
export class SweepSpecError extends KernelSimError {
  constructor(
    /** Where in the sweep file. */
    readonly field: string,
    /** What was wrong. */
    readonly reason: string,
  ) {
    super(`sweep file: ${field}: ${reason}`);
  }
}

/** A results folder that cannot be used for this sweep, with the file (and line) at fault. */
export class SweepResultsError extends KernelSimError {
  constructor(
    /** The file or folder. */
    readonly path: string,
    /** What was wrong. */
    readonly reason: string,
  ) {
    super(`results ${path}: ${reason}`);
  }
}

/** A Redis queue that is not there or went away. */
export class SweepQueueError extends KernelSimError {
  constructor(
    /** The queue URL (without password). */
    readonly url: string,
    /** What happened. */
    readonly reason: string,
  ) {
    super(`queue ${url}: ${reason}`);
  }
}

/** A job made by another kernel-sim version than the worker's: the worker refuses it. */
export class SweepVersionError extends KernelSimError {
  constructor(
    /** The job's ID. */
    readonly jobId: string,
    /** The version that made the job. */
    readonly jobVersion: string,
    /** This worker's version. */
    readonly workerVersion: string,
  ) {
    super(`job ${jobId} was made by kernel-sim ${jobVersion}; this worker is kernel-sim ${workerVersion} (start a worker of the same version)`);
  }
}
