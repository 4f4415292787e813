/**
 * Options shared by readers, writers and VmIo objects: the audited bugs to switch on and the
 * checking mode of Verification Target 6.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import type { ReaderWriterStep } from './reader-writer-invariants.js';

/** How a reader, writer or VmIo object behaves. */
export interface IoOptions {
  /** Audited behaviours to reproduce; only `IOV-01` concerns this layer. Default: none. */
  readonly bugs?: BugSet;
  /** Check Target 6 after every reader/writer operation (O(1) each); throws Target6Violation. */
  readonly check?: boolean;
  /** Called with every reader/writer step (for traces and the Target 6 report). */
  readonly onStep?: (step: ReaderWriterStep) => void;
}
