import { describe, expect, it } from 'vitest';
import { dmaEnv } from '../../../kernel-sim/dma-env.js';
import { DmaCoherent } from '../../../kernel-sim/mm/dma/index.js';
import { pciLocation } from '../../../kernel-sim/mm/iommu/index.js';

describe('dmaEnv: iommu::init on a VT-d unit', () => {
  it('fixed: translation on, a device reaches its buffer, the malicious device is blocked, recorded and handled', () => {
    const env = dmaEnv();
    const unit = env.platform!.units[0]!;
    expect(unit.translationEnabled).toBe(true);
    expect(unit.rootTableAddress).toBe(env.iommu.pageTable!.paddr());
    const buf = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, false, pciLocation(0, 3, 0));
    const w = env.dmaWrite('00:03.0', buf.daddr() + 8, new Uint8Array([1, 2, 3]));
    expect(w.ok).toBe(true);
    const got = new Uint8Array(3);
    buf.readBytes(8, got);
    expect([...got]).toEqual([1, 2, 3]);
    const bad = env.dmaWrite('00:1f.7', buf.daddr(), new Uint8Array([0xee]));
    expect(bad.ok).toBe(false);
    expect(bad.reason).toBe(2); // per-device tables: bus 0 has a context table, the device no entry
    const f = env.remapping!.units[0]!.fault;
    expect(f.handled.map((h) => h.sourceId)).toEqual([0xff]);
    expect(unit.faults.pending).toBe(0);
    expect(env.irqs.stats).toMatchObject({ messages: 1, handled: 1, lost: 0 });
  });
});
