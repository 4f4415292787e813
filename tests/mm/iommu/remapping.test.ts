import { describe, expect, it } from 'vitest';
import { dmaEnv } from '../../../kernel-sim/kernel/index.js';
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

describe('the fault MSI on the sync/ CPUs', () => {
  it('a fault raised while a thread runs on CPU 0 is handled by an interrupt on CPU 0, in every schedule', async () => {
    const { explore, irqWindow } = await import('../../../kernel-sim/sync/index.js');
    const scenario = {
      name: 'iommu-fault-irq',
      setup(w: import('../../../kernel-sim/sync/index.js').World): void {
        const env = dmaEnv();
        env.irqs.world = w;
        const f = env.remapping!.units[0]!.fault;
        let before = -1;
        w.addCpus(1);
        w.spawn(0, 'driver', function* () {
          env.device('00:1f.7').dmaWrite(0x9000, new Uint8Array(4)); // blocked: the unit sends its MSI
          before = f.handled.length; // the MSI is pending, not yet delivered
          yield* irqWindow();
        });
        w.atEnd(() => (before === 0 && f.handled.length === 1 && env.irqs.stats.handled === 1 && env.irqs.pending.length === 0) || `before ${before}, handled ${f.handled.length}, irq stats ${JSON.stringify(env.irqs.stats)}`, 'handled by the interrupt');
      },
    };
    const r = explore(scenario, { strategy: 'dfs', preemptionBound: 2 });
    expect(r.failures.map((x) => x.message)).toEqual([]);
    expect(r.runs).toBeGreaterThanOrEqual(1);
  });
});
