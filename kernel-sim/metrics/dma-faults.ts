/**
 * DMA-fault measures as arquero tables, from what the remapping units report (every fault's
 * outcome through `FaultRecorder.onFault`, their counters) stamped with the workload's step:
 * faults per device and reason over time, faults lost to PFO, interrupts per fault, and the
 * IOTLB hit rate over time.
 * @module
 */
import * as aq from 'arquero';
import { FAULT_REASON_KEYS, PciLocation, type DmaRemappingUnit, type FaultEvent } from '../machine/index.js';

/** Collects the fault events of some units; set {@link step} as the workload advances. */
export class DmaFaultLog {
  /** The workload's current step (stamped on each event). */
  step = 0;
  private readonly ev: {
    step: number[]; cycle: number[]; unit: string[]; device: string[]; sid: number[]; address: number[];
    reason: number[]; reason_name: string[]; write: boolean[]; outcome: string[]; interrupt: boolean[];
  } = { step: [], cycle: [], unit: [], device: [], sid: [], address: [], reason: [], reason_name: [], write: [], outcome: [], interrupt: [] };
  private readonly hit: { step: number[]; unit: string[]; hits: number[]; misses: number[]; hit_rate: number[] } = {
    step: [], unit: [], hits: [], misses: [], hit_rate: [],
  };
  private readonly last = new Map<string, { hits: number; misses: number }>();

  /**
   * @param units the units to listen to (their `faults.onFault` is chained, not replaced)
   * @param names device names by source id (default `bb:dd.f`)
   */
  constructor(readonly units: readonly DmaRemappingUnit[], private readonly names: ReadonlyMap<number, string> = new Map()) {
    for (const u of units) {
      const previous = u.faults.onFault;
      u.faults.onFault = (e) => {
        previous?.(e);
        this.record(u.name, e);
      };
    }
  }

  /** Number of fault events seen. */
  get size(): number {
    return this.ev.step.length;
  }

  /** Samples each unit's IOTLB hits and misses since the previous sample, at the current step. */
  sampleIotlb(): void {
    for (const u of this.units) {
      const s = u.iotlb.stats;
      const prev = this.last.get(u.name) ?? { hits: 0, misses: 0 };
      const hits = s.hits - prev.hits;
      const misses = s.misses - prev.misses;
      this.last.set(u.name, { hits: s.hits, misses: s.misses });
      this.hit.step.push(this.step);
      this.hit.unit.push(u.name);
      this.hit.hits.push(hits);
      this.hit.misses.push(misses);
      this.hit.hit_rate.push(hits + misses === 0 ? NaN : hits / (hits + misses));
    }
  }

  /** Every fault: step, cycle, unit, device, sid, address, reason, reason_name, write, outcome, interrupt. */
  events(): aq.ColumnTable {
    return aq.table({ ...this.ev });
  }

  /** Faults per device and reason in buckets of `bucket` steps: bucket_start, device, reason_name, outcome, faults. */
  perDeviceAndReason(bucket = 1): aq.ColumnTable {
    if (!(bucket >= 1)) throw new RangeError(`bucket ${bucket} is not at least 1 step`);
    if (this.size === 0) return aq.table({ bucket_start: [], device: [], reason: [], reason_name: [], outcome: [], faults: [] });
    return this.events()
      .params({ b: bucket })
      .derive({ bucket_start: (d: { step: number }, $: { b: number }) => aq.op.floor(d.step / $.b) * $.b })
      .groupby('bucket_start', 'device', 'reason', 'reason_name', 'outcome')
      .count({ as: 'faults' })
      .orderby('bucket_start', 'device', 'reason');
  }

  /** Per unit: faults seen, recorded, collapsed, lost to PFO (overflowed + dropped while PFO), suppressed by FPD, MSIs sent, MSIs per recorded fault. */
  summary(): aq.ColumnTable {
    const rows = this.units.map((u) => {
      const s = u.faults.stats;
      const seen = s.recorded + s.collapsed + s.overflowed + s.droppedPfo + s.suppressedFpd;
      return {
        unit: u.name, faults: seen, recorded: s.recorded, collapsed: s.collapsed, lost_to_pfo: s.overflowed + s.droppedPfo,
        suppressed_fpd: s.suppressedFpd, interrupts: s.interrupts, interrupts_per_fault: s.recorded === 0 ? NaN : s.interrupts / s.recorded,
        iotlb_hits: u.iotlb.stats.hits, iotlb_misses: u.iotlb.stats.misses,
        iotlb_hit_rate: u.iotlb.stats.hits + u.iotlb.stats.misses === 0 ? NaN : u.iotlb.stats.hits / (u.iotlb.stats.hits + u.iotlb.stats.misses),
      };
    });
    return aq.from(rows);
  }

  /** Faults lost to PFO per bucket of steps: bucket_start, unit, lost. */
  lostToPfo(bucket = 1): aq.ColumnTable {
    const t = this.events().filter((d: { outcome: string }) => d.outcome === 'overflow' || d.outcome === 'dropped-pfo');
    if (t.numRows() === 0) return aq.table({ bucket_start: [], unit: [], lost: [] });
    return t.params({ b: bucket })
      .derive({ bucket_start: (d: { step: number }, $: { b: number }) => aq.op.floor(d.step / $.b) * $.b })
      .groupby('bucket_start', 'unit').count({ as: 'lost' }).orderby('bucket_start');
  }

  /** IOTLB samples: step, unit, hits, misses, hit_rate (per interval since the previous sample). */
  iotlbHitRate(): aq.ColumnTable {
    return aq.table({ ...this.hit });
  }

  private record(unit: string, e: FaultEvent): void {
    const o = this.ev;
    o.step.push(this.step);
    o.cycle.push(e.cycle);
    o.unit.push(unit);
    o.device.push(this.names.get(e.sourceId) ?? PciLocation.fromSourceId(e.sourceId).toString());
    o.sid.push(e.sourceId);
    o.address.push(e.address);
    o.reason.push(e.reason);
    o.reason_name.push(FAULT_REASON_KEYS[e.reason] ?? `reason-${e.reason}`);
    o.write.push(e.write);
    o.outcome.push(e.outcome);
    o.interrupt.push(e.interrupt);
  }
}
