/**
 * DMA-fault measures as arquero tables, from a {@link FaultTrace} (every fault's outcome as the
 * remapping units reported it, stamped with the workload's step, and IOTLB samples) and the
 * units' counters: faults per device and reason over time, faults lost to PFO, interrupts per
 * fault, and the IOTLB hit rate over time.
 * @module
 */
import * as aq from 'arquero';
import { FAULT_REASON_KEYS, PciLocation, type DmaRemappingUnit, type FaultTrace } from '../machine/index.js';

/** Tables over a trace; `names` gives device names by source id (default `bb:dd.f`). */
export class DmaFaultTables {
  constructor(readonly trace: FaultTrace, private readonly names: ReadonlyMap<number, string> = new Map()) {}

  /** Every fault: step, cycle, unit, device, sid, address, reason, reason_name, write, outcome, interrupt. */
  events(): aq.ColumnTable {
    const f = this.trace.faults;
    return aq.table({
      step: f.map((e) => e.stamp), cycle: f.map((e) => e.cycle), unit: f.map((e) => e.unit), device: f.map((e) => this.deviceName(e.sourceId)),
      sid: f.map((e) => e.sourceId), address: f.map((e) => e.address), reason: f.map((e) => e.reason),
      reason_name: f.map((e) => FAULT_REASON_KEYS[e.reason] ?? `reason-${e.reason}`), write: f.map((e) => e.write),
      outcome: f.map((e) => e.outcome), interrupt: f.map((e) => e.interrupt),
    });
  }

  /** Faults per device, reason and outcome in buckets of `bucket` steps: bucket_start, device, reason, reason_name, outcome, faults. */
  perDeviceAndReason(bucket = 1): aq.ColumnTable {
    if (!(bucket >= 1)) throw new RangeError(`bucket ${bucket} is not at least 1 step`);
    if (this.trace.faults.length === 0) return aq.table({ bucket_start: [], device: [], reason: [], reason_name: [], outcome: [], faults: [] });
    return this.bucketed(this.events(), bucket).groupby('bucket_start', 'device', 'reason', 'reason_name', 'outcome').count({ as: 'faults' })
      .orderby('bucket_start', 'device', 'reason');
  }

  /** Faults lost to PFO (the ring full, or PFO already set) per bucket: bucket_start, unit, lost. */
  lostToPfo(bucket = 1): aq.ColumnTable {
    const t = this.events().filter((d: { outcome: string }) => d.outcome === 'overflow' || d.outcome === 'dropped-pfo');
    if (t.numRows() === 0) return aq.table({ bucket_start: [], unit: [], lost: [] });
    return this.bucketed(t, bucket).groupby('bucket_start', 'unit').count({ as: 'lost' }).orderby('bucket_start');
  }

  /** IOTLB samples: step, cycle, unit, hits, misses, hit_rate (per interval since the previous sample; NaN when idle). */
  iotlbHitRate(): aq.ColumnTable {
    const s = this.trace.iotlb;
    return aq.table({
      step: s.map((x) => x.stamp), cycle: s.map((x) => x.cycle), unit: s.map((x) => x.unit), hits: s.map((x) => x.hits), misses: s.map((x) => x.misses),
      hit_rate: s.map((x) => (x.hits + x.misses === 0 ? NaN : x.hits / (x.hits + x.misses))),
    });
  }

  /**
   * Per unit: faults seen, recorded, collapsed, lost to PFO, suppressed by FPD, MSIs sent,
   * handler runs when `handlerRuns` gives them, MSIs per recorded fault, IOTLB hit rate.
   */
  summary(handlerRuns: ReadonlyMap<string, number> = new Map()): aq.ColumnTable {
    return aq.from(this.trace.units.map((u: DmaRemappingUnit) => {
      const s = u.faults.stats;
      const t = u.iotlb.stats;
      return {
        unit: u.name, faults: s.recorded + s.collapsed + s.overflowed + s.droppedPfo + s.suppressedFpd, recorded: s.recorded,
        collapsed: s.collapsed, lost_to_pfo: s.overflowed + s.droppedPfo, suppressed_fpd: s.suppressedFpd, interrupts: s.interrupts,
        handler_runs: handlerRuns.get(u.name) ?? NaN, interrupts_per_fault: s.recorded === 0 ? NaN : s.interrupts / s.recorded,
        iotlb_hits: t.hits, iotlb_misses: t.misses, iotlb_hit_rate: t.hits + t.misses === 0 ? NaN : t.hits / (t.hits + t.misses),
      };
    }));
  }

  private deviceName(sid: number): string {
    return this.names.get(sid) ?? PciLocation.fromSourceId(sid).toString();
  }

  private bucketed(t: aq.ColumnTable, bucket: number): aq.ColumnTable {
    return t.params({ b: bucket }).derive({ bucket_start: (d: { step: number }, $: { b: number }) => aq.op.floor(d.step / $.b) * $.b });
  }
}
