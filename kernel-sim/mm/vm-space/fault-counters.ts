/**
 * Counters of the VmSpace page-fault hook, by kind.
 * @module
 */

/** What a page fault turned out to be. */
export type FaultKind = 'demand-zero' | 'cow-copy' | 'cow-reuse' | 'spurious' | 'segv';

/** Faults handled, by kind. */
export interface FaultCounters {
  /** Not-present fault in a declared area: a zeroed frame was mapped. */
  demandZero: number;
  /** Write to a copy-on-write page still shared: the frame was copied. */
  cowCopy: number;
  /** Write to a copy-on-write page no longer shared: made writable in place. */
  cowReuse: number;
  /** The table already allowed the access (a stale, narrower TLB entry): flushed only. */
  spurious: number;
  /** Unresolvable: outside every area, or forbidden by the area. */
  segv: number;
}

/** Zeroed counters. */
export function newFaultCounters(): FaultCounters {
  return { demandZero: 0, cowCopy: 0, cowReuse: 0, spurious: 0, segv: 0 };
}

/** The counter field of `kind`. */
export function faultField(kind: FaultKind): keyof FaultCounters {
  return kind === 'demand-zero' ? 'demandZero' : kind === 'cow-copy' ? 'cowCopy' : kind === 'cow-reuse' ? 'cowReuse' : kind;
}
