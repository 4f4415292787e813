import { describe, expect, it } from 'vitest';
import { checkTarget14, informationFlow, target14Report } from '../../kernel-sim/audit/targets/target-14-iommu.js';
import { dmaEnv, type DmaEnv } from '../../kernel-sim/kernel/index.js';
import type { MaliciousDevice } from '../../kernel-sim/machine/index.js';
import { DmaCoherent, DmaStream } from '../../kernel-sim/mm/dma/index.js';
import { pciLocation } from '../../kernel-sim/mm/iommu/index.js';
import { InvariantViolation } from '../../kernel-sim/mm/page/index.js';

const BLOCK = pciLocation(0, 3, 0);
const u64 = (v: bigint): Uint8Array => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, v, true); return b; };

function withBuffers(env: DmaEnv): void {
  DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(2)!, false, BLOCK);
  DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, BLOCK);
}

/**
 * During init (pass-through), a device writes a whole translation chain into memory nobody uses
 * and points bus `bus`'s root entry at it: 00:03.0's daddr 0 then leads to `target`.
 */
function forgeChain(env: DmaEnv, root: number, bus: number, target: number): void {
  const evil = env.device<MaliciousDevice>('00:1f.7');
  const [ct, l3, l2, l1] = [0, 1, 2, 3].map(() => env.kernel.frames.allocSingle()!.startPaddr()); // kept: "unused" memory
  evil.attackWrite(ct! + 3 * 8 * 16, u64(BigInt(l3!) | 1n), 'context entry lo');
  evil.attackWrite(ct! + 3 * 8 * 16 + 8, u64(1n), 'context entry hi');
  evil.attackWrite(l3!, u64(BigInt(l2!) | 3n), 'L3');
  evil.attackWrite(l2!, u64(BigInt(l1!) | 3n), 'L2');
  evil.attackWrite(l1!, u64(BigInt(target) | 3n), 'L1 -> target');
  evil.attackWrite(root + bus * 16, u64(BigInt(ct!) | 1n), 'root entry');
}

describe('Verification Target 14', () => {
  it('holds fixed under a malicious device (blocked DMA at buffers and kernel frames)', () => {
    const env = dmaEnv({ check: true });
    withBuffers(env);
    const evil = env.device<MaliciousDevice>('00:1f.7');
    for (const m of env.dma.live) evil.attackWrite(m.startPaddr, new Uint8Array(8).fill(0xee));
    evil.attackWrite(env.ks.pageTable.rootPaddr(), new Uint8Array(8).fill(0xee));
    env.deliverInterrupts();
    expect(evil.tally.landed).toBe(0);
    const r = target14Report(env);
    expect(r.properties.map((p) => [p.property, p.ok, p.violations])).toEqual([
      ['device address mapping correctness', true, []],
      ['kernel memory protection', true, []],
      ['information flow', true, []],
    ]);
  });

  it('property 1 fails with MOI-02 audited: the malicious device has a translation to the block device\'s buffers', () => {
    const env = dmaEnv({ bugs: ['MOI-02'] });
    withBuffers(env);
    const p = checkTarget14(env).properties[0]!;
    expect(p.ok).toBe(false);
    expect(p.violations.some((l) => l.startsWith('00:1f.7 reaches') && l.includes('a DMA buffer of 00:03.0'))).toBe(true);
  });

  it('property 2 fails with MOI-03 audited: a forged root entry and chain written during init', () => {
    const attack = (bugs: string[], check: boolean) => dmaEnv({
      bugs, check,
      onInitStep: (step, e, root) => { if (step === 'device-tables-specified' && root !== null) forgeChain(e, root.paddr(), 7, e.ks.pageTable.rootPaddr()); },
    });
    const env = attack(['MOI-03'], false);
    const p = checkTarget14(env).properties[1]!;
    expect(p.ok).toBe(false);
    expect(p.violations[0]).toMatch(/root entry of bus 7 points at 0x[0-9a-f]+, not a context table the kernel made/);
    expect(checkTarget14(attack([], false)).ok).toBe(true);
  });

  it('live in checking mode: with MOI-02 audited a new mapping is refused as reachable by the other device', () => {
    const env = dmaEnv({ bugs: ['MOI-02'], check: true });
    const seg = env.kernel.frames.allocContiguous(1)!;
    expect(() => DmaCoherent.map(env.dma, seg, true, BLOCK)).toThrow(InvariantViolation);
    expect(() => DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, true, BLOCK)).toThrow(/reachable by 00:1f\.7 at the same daddr \(property 1\)/);
    const fixed = dmaEnv({ check: true });
    expect(DmaCoherent.map(fixed.dma, fixed.kernel.frames.allocContiguous(1)!, true, BLOCK).daddr()).toBeGreaterThan(0);
  });

  it('property 2 and 3 fail with REM-01 audited (two DRHDs, the first left off)', () => {
    const units = [{ scope: ['00:1f.7'] }, { scope: 'all' as const }];
    const env = dmaEnv({ bugs: ['REM-01'], units });
    const p = checkTarget14(env).properties[1]!;
    expect(p.violations[0]).toMatch(/unit 0 \(dmar0, 1 device scopes\) has translation off/);
    const flow = informationFlow({ bugs: ['REM-01'], units });
    expect(flow.ok).toBe(false);
    expect(flow.violations[0]).toMatch(/DMA region byte 0: 16 after run A, 238 after run B/);
    expect(informationFlow({ units }).ok).toBe(true);
    expect(informationFlow({ bugs: ['MOI-02'] }).ok).toBe(false);
  });
});
