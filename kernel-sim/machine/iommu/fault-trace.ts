/**
 * A recorder of what remapping units report: every fault's outcome (through
 * `FaultRecorder.onFault`, chained so other listeners keep working) and samples of the IOTLB
 * counters, each stamped with a caller-set `stamp` (a workload's step). Metrics turn it into
 * tables (`metrics/dma-faults.ts`).
 * @module
 */
import type { DmaRemappingUnit } from './dma-remapping-unit.js';
import type { FaultEvent } from './fault-recorder.js';

/** A fault event with the unit and stamp it was seen at. */
export interface TracedFault extends FaultEvent {
  readonly unit: string;
  readonly stamp: number;
}

/** IOTLB counters of one unit over the interval since its previous sample. */
export interface IotlbSample {
  readonly stamp: number;
  /** The unit's clock at the sample (the machine clock when it has one). */
  readonly cycle: number;
  readonly unit: string;
  readonly hits: number;
  readonly misses: number;
}

/** Records faults and IOTLB samples of some units. */
export class FaultTrace {
  /** Stamped on each record (set it as the workload advances). */
  stamp = 0;
  /** Faults in order. */
  readonly faults: TracedFault[] = [];
  /** IOTLB samples in order. */
  readonly iotlb: IotlbSample[] = [];
  private readonly last = new Map<string, { hits: number; misses: number }>();

  /** @param units the units to listen to */
  constructor(readonly units: readonly DmaRemappingUnit[]) {
    for (const u of units) {
      const previous = u.faults.onFault;
      u.faults.onFault = (e) => {
        previous?.(e);
        this.faults.push({ ...e, unit: u.name, stamp: this.stamp });
      };
    }
  }

  /** Samples each unit's IOTLB hits and misses since its previous sample. */
  sampleIotlb(): void {
    for (const u of this.units) {
      const s = u.iotlb.stats;
      const prev = this.last.get(u.name) ?? { hits: 0, misses: 0 };
      this.last.set(u.name, { hits: s.hits, misses: s.misses });
      this.iotlb.push({ stamp: this.stamp, cycle: u.clock.now(), unit: u.name, hits: s.hits - prev.hits, misses: s.misses - prev.misses });
    }
  }
}
