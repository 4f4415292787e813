/**
 * Malfunction knobs of a remapping unit, for experiments (REM-02): status bits that never follow
 * their command, and a delay before a status bit follows it. Time is the unit's cycle clock
 * ({@link UnitClock}). Nothing here is VT-d behaviour: a real unit completes these commands.
 * @module
 */

/** A cycle clock the unit reads to decide whether a delayed command has completed. */
export interface UnitClock {
  /** Simulated cycles now (non-decreasing). */
  now(): number;
}

/** Malfunction knobs (all off by default). */
export interface Malfunction {
  /**
   * GSTS bits (GCMD bit positions, e.g. GCMD_TE) whose command never completes: the status bit
   * never sets (or clears) and the command never takes effect.
   */
  readonly stuckStatusBits?: number;
  /**
   * Cycles between a GCMD command and its completion (status bit follows, effect starts);
   * also applies to CCMD.ICC and IOTLB.IVT, which stay set until then.
   */
  readonly statusDelayCycles?: number;
}

/** A clock that advances by a fixed cost on every register access (the unit's default). */
export class AccessCountingClock implements UnitClock {
  private cycles = 0;

  /** @param cyclesPerAccess cost of one uncached MMIO access (assumption: 300, about 100 ns at 3 GHz) */
  constructor(readonly cyclesPerAccess = 300) {}

  now(): number {
    return this.cycles;
  }

  /** Charges one register access. */
  access(): void {
    this.cycles += this.cyclesPerAccess;
  }

  /** Advances by `cycles` (e.g. the CPU's time between polls). */
  advance(cycles: number): void {
    this.cycles += cycles;
  }
}
