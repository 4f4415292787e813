import { describe, expect, it } from 'vitest';
import { DmaFaultTables } from '../../kernel-sim/metrics/index.js';
import { FaultTrace } from '../../kernel-sim/machine/index.js';
import { rig, attach, sid } from '../machine/iommu/vtd-setup.js';

describe('DMA fault metrics', () => {
  it('counts faults per device, reason and bucket, losses to PFO, interrupts per fault and IOTLB hit rate', () => {
    const r = rig({ units: [{ scope: 'all', faultRecords: 2 }] });
    const t = attach(r, 0, 1, 0);
    attach(r, 0, 2, 0);
    r.tables.map(t, 0x1000, 0x300000, { read: true });
    r.enable();
    r.unmask();
    const trace = new FaultTrace([r.unit]);
    const log = new DmaFaultTables(trace, new Map([[sid(0, 1, 0), 'nic'], [sid(0, 2, 0), 'disk']]));
    for (let step = 0; step < 10; step++) {
      trace.stamp = step;
      r.unit.paddrOf(sid(0, 1, 0), 0x1000, false); // hit after the first
      if (step < 4) r.unit.paddrOf(sid(0, 1, 0), 0x1000, true); // write denied: nic, reason 5
      if (step >= 2) r.unit.paddrOf(sid(0, 2, 0), 0x9000, false); // read denied: disk, reason 6
      trace.sampleIotlb();
    }
    const per = log.perDeviceAndReason(5).objects() as { bucket_start: number; device: string; reason_name: string; outcome: string; faults: number }[];
    const nic = per.filter((x) => x.device === 'nic').reduce((n, x) => n + x.faults, 0);
    const disk = per.filter((x) => x.device === 'disk').reduce((n, x) => n + x.faults, 0);
    expect(nic).toBe(4);
    expect(disk).toBe(8);
    expect(per.find((x) => x.device === 'nic' && x.outcome === 'recorded')).toMatchObject({ bucket_start: 0, reason_name: 'write-denied', faults: 1 });
    const s = log.summary().objects()[0] as Record<string, number>;
    // Ring of 2: nic recorded, disk recorded, then collapses (same sources pending).
    expect(s).toMatchObject({ faults: 12, recorded: 2, collapsed: 10, lost_to_pfo: 0, interrupts: 1 });
    expect(s.interrupts_per_fault).toBe(0.5);
    const rate = log.iotlbHitRate().objects() as { step: number; hits: number; misses: number; hit_rate: number }[];
    expect(rate[0]!.hit_rate).toBe(0.5); // a read miss, then the write finds the entry (a hit) whose rights deny it
    // Step 9: nic's read hits; disk's faulting read misses (and walks, and faults).
    expect(rate[9]).toMatchObject({ step: 9, hits: 1, misses: 1, hit_rate: 0.5 });
    expect(log.lostToPfo().numRows()).toBe(0);
  });
});
