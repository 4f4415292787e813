/**
 * Devices on the CPUs' clock: DMA translations, walks and transfers charge cycles that the
 * machine's one clock (`MachineClock`) sums with the CPU's MMU cycles.
 */
import { describe, expect, it } from 'vitest';
import { dmaEnv, type DmaEnv } from '../../../kernel-sim/kernel/index.js';
import { DEFAULT_DMA_COST_MODEL, IOTLB_GLOBAL_INVALIDATE, MachineClock } from '../../../kernel-sim/machine/index.js';
import { DmaStream } from '../../../kernel-sim/mm/dma/index.js';
import { pciLocation } from '../../../kernel-sim/mm/iommu/index.js';

const C = DEFAULT_DMA_COST_MODEL;

function withBuffer(opts: Parameters<typeof dmaEnv>[0] = {}): { env: DmaEnv; daddr: number } {
  const env = dmaEnv({ devices: [{ at: '00:03.0', kind: 'plain' }], ...opts });
  const s = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, pciLocation(0, 3, 0));
  return { env, daddr: s.daddr() };
}

// Cycles on the machine clock, and on the unit's and the bus's counters, of one 64-byte read.
function timedRead(env: DmaEnv, daddr: number): { clock: number; unit: number; bus: number; walkReads: number; source: string } {
  const unit = env.platform!.units[0]!;
  const bus = env.platform!.bus;
  const [t0, u0, b0, w0] = [env.clock.now(), unit.stats.cycles, bus.stats.cycles, unit.stats.walkReads];
  const hits0 = unit.iotlb.stats.hits;
  expect(env.device('00:03.0').dmaRead(daddr, 64).ok).toBe(true);
  return {
    clock: env.clock.now() - t0, unit: unit.stats.cycles - u0, bus: bus.stats.cycles - b0, walkReads: unit.stats.walkReads - w0,
    source: unit.iotlb.stats.hits > hits0 ? 'iotlb' : 'walk',
  };
}

describe('DMA on the machine clock', () => {
  it('a walk costs more cycles than an IOTLB hit, by the entries it read', () => {
    const { env, daddr } = withBuffer();
    const walk = timedRead(env, daddr);
    const hit = timedRead(env, daddr);
    expect(walk.source).toBe('walk');
    expect(hit.source).toBe('iotlb');
    expect(walk.walkReads).toBeGreaterThanOrEqual(3); // three second-level levels at least (root and context too on a cold context cache)
    expect(walk.unit).toBe(walk.walkReads * C.walkRead);
    expect(hit.unit).toBe(C.iotlbHit);
    expect(walk.clock).toBeGreaterThan(hit.clock);
    // The bus charged the same request either way; the clock is the sum of both agents.
    expect(walk.bus).toBe(C.dmaRequest + C.dmaLine);
    expect(hit.bus).toBe(walk.bus);
    expect(walk.clock).toBe(walk.unit + walk.bus);
    expect(hit.clock).toBe(hit.unit + hit.bus);
  });

  it('a transfer costs per page piece and per 64-byte line', () => {
    const env = dmaEnv({ devices: [{ at: '00:03.0', kind: 'plain' }] });
    const s = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(2)!, 'Bidirectional', false, pciLocation(0, 3, 0));
    const bus = env.platform!.bus;
    const b0 = bus.stats.cycles;
    env.device('00:03.0').dmaWrite(s.daddr() + 4096 - 64, new Uint8Array(128)); // two pages, one line each
    expect(bus.stats.cycles - b0).toBe(2 * (C.dmaRequest + C.dmaLine));
  });

  it("the CPU's MMU cycles and the devices' are on one clock", () => {
    const { env, daddr } = withBuffer();
    const cpu = env.ks.cpu;
    const t0 = env.clock.now();
    const c0 = cpu.tlb.stats.cycles;
    env.ks.mmu.translate(cpu, env.ks.report.layout.linearMapping.start + BigInt(daddr)); // CPU work only
    const cpuWork = cpu.tlb.stats.cycles - c0;
    expect(cpuWork).toBeGreaterThan(0);
    expect(env.clock.now() - t0).toBe(cpuWork);
    expect(env.clock.cyclesOf('cpu')).toBe(cpu.tlb.stats.cycles);
    expect(env.clock.now()).toBe(env.clock.cyclesOf('cpu') + env.clock.cyclesOf('device'));
    expect(env.clock.agents().map((a) => a.name)).toEqual(['cpu0', 'dmar0', 'dma-bus']);
    // A fault's record is stamped on that clock.
    const unit = env.platform!.units[0]!;
    let stamped = -1;
    unit.faults.onFault = (e) => { stamped = e.cycle; };
    env.device('00:03.0').dmaRead(0x7000_0000, 8);
    expect(stamped).toBeGreaterThan(t0 + cpuWork);
    expect(stamped).toBeLessThanOrEqual(env.clock.now());
  });

  it('a delayed device command completes by the CPU\'s cycles alone', () => {
    const delay = 5_000;
    const { env } = withBuffer({ units: [{ scope: 'all', malfunction: { statusDelayCycles: 0 } }] });
    const unit = env.platform!.units[0]!;
    unit.malfunction = { statusDelayCycles: delay };
    const iotlb = unit.ecapFields.iotlbRegisterOffset + 8;
    unit.mmioWrite(iotlb, 8, IOTLB_GLOBAL_INVALIDATE);
    const done = (): boolean => (unit.iotlb.stats.globalInvalidations > 2);
    expect(done()).toBe(false);
    const cpu = env.ks.cpu;
    const c0 = cpu.tlb.stats.cycles;
    const va = env.ks.report.layout.linearMapping.start;
    let n = 0;
    while (!done() && n < 100_000) {
      env.ks.mmu.translate(cpu, va + BigInt((n % 4096) * 4096)); // TLB misses and walks: CPU cycles
      unit.translationEnabled; // the unit looks at the clock (a getter that settles)
      n++;
    }
    expect(done()).toBe(true);
    expect(cpu.tlb.stats.cycles - c0).toBeGreaterThanOrEqual(delay); // nothing but the CPU's work advanced the clock
    expect(cpu.tlb.stats.cycles - c0).toBeLessThan(delay + 1000);
  });

  it('is deterministic: the same run, the same cycles', () => {
    const run = (): number[] => {
      const { env, daddr } = withBuffer();
      for (let i = 0; i < 5; i++) env.device('00:03.0').dmaRead(daddr + i * 64, 64);
      env.device('00:03.0').dmaRead(0x7000_0000, 8);
      return env.clock.agents().map((a) => a.cycles);
    };
    expect(run()).toEqual(run());
  });

  it('refuses an agent attached twice', () => {
    const c = new MachineClock().addCpu('cpu0', { cycles: 0 });
    expect(() => c.addDevice('cpu0', { cycles: 0 })).toThrow(/already attached/);
  });
});
