/**
 * One cycle timeline for the whole machine: the CPUs' cycles (each `CpuState`'s TLB
 * `stats.cycles`, charged by the MMU and the flush paths per `cost-model.ts`) and the DMA
 * hardware's (each remapping unit's and the bus's `stats.cycles`, per `iommu/dma-cost-model.ts`)
 * summed into one clock. A remapping unit given this clock times its commands, fault records and
 * malfunction delays on it, so a workload's DMA and its CPU work are measured on one timeline.
 *
 * Simplification: the agents run one after another, never overlapping, so machine time is the
 * sum of every agent's cycles (a device's DMA and a CPU's work do not run in parallel).
 * Deterministic: it counts charged cycles only, never wall time. A source's counter must not be
 * reset while attached (the clock must not go back).
 * @module
 */

/** What an attached agent is. */
export type ClockAgentKind = 'cpu' | 'device';

/** One agent's cycles so far. */
export interface ClockAgentCycles {
  readonly name: string;
  readonly kind: ClockAgentKind;
  readonly cycles: number;
}

interface Source {
  readonly name: string;
  readonly kind: ClockAgentKind;
  readonly stats: { readonly cycles: number };
}

/** The machine's shared cycle clock. */
export class MachineClock {
  private readonly sources: Source[] = [];

  /** Attaches a CPU: `stats` is its TLB's counters (`cpu.tlb.stats`). */
  addCpu(name: string, stats: { readonly cycles: number }): this {
    return this.add(name, 'cpu', stats);
  }

  /** Attaches a DMA agent: a remapping unit's or the bus's `stats`. */
  addDevice(name: string, stats: { readonly cycles: number }): this {
    return this.add(name, 'device', stats);
  }

  /** Cycles since the start: every agent's, summed. */
  now(): number {
    let n = 0;
    for (const s of this.sources) n += s.stats.cycles;
    return n;
  }

  /** Cycles of the agents of one kind. */
  cyclesOf(kind: ClockAgentKind): number {
    let n = 0;
    for (const s of this.sources) if (s.kind === kind) n += s.stats.cycles;
    return n;
  }

  /** Every agent's cycles, in attach order. */
  agents(): ClockAgentCycles[] {
    return this.sources.map((s) => ({ name: s.name, kind: s.kind, cycles: s.stats.cycles }));
  }

  private add(name: string, kind: ClockAgentKind, stats: { readonly cycles: number }): this {
    if (this.sources.some((s) => s.name === name)) throw new RangeError(`MachineClock: an agent named ${name} is already attached`);
    this.sources.push({ name, kind, stats });
    return this;
  }
}
