/**
 * The boot log: one entry per step of the seed's Initialization Sequence, saying what the
 * model did (or that the step is not modelled yet), plus the risks the sequence table names
 * when the run meets them.
 * @module
 */

/** One boot step. */
export interface BootLogEntry {
  /** Position in the sequence, from 1. */
  readonly step: number;
  /** The 232e62b function, e.g. `mm::page::allocator::init()`. */
  readonly fn: string;
  /** What the model did, with figures. */
  readonly did: string;
  /** True when the step is only recorded, not run (its subsystem comes in a later slice). */
  readonly skipped?: boolean;
  /** Risks of the Initialization Sequence table that this run meets at this step. */
  readonly risks?: readonly string[];
}

/** Collects boot steps in order. */
export class BootLog {
  private readonly list: BootLogEntry[] = [];

  /** The entries so far. */
  get entries(): readonly BootLogEntry[] {
    return this.list;
  }

  /** Appends a step. */
  add(fn: string, did: string, extra: { skipped?: boolean; risks?: string[] } = {}): void {
    const e: BootLogEntry = { step: this.list.length + 1, fn, did };
    this.list.push(extra.risks && extra.risks.length > 0 ? { ...e, ...extra } : extra.skipped ? { ...e, skipped: true } : e);
  }
}
