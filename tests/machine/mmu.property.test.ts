import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Mmu, PageFault, PTE_RW, PTE_US, PTE_NX, PTE_G, type TlbGeometry, type CpuState } from '../../kernel-sim/machine/index.js';
import { PtBuilder, newMemory, longModeCpu, MiB } from './pt-builder.js';

// Small TLB so evictions and STLB refills happen.
const SMALL: TlbGeometry = {
  l1d4k: { entries: 4, ways: 2 }, l1d2m: { entries: 2, ways: 2 }, l1d1g: { entries: 1, ways: 1 },
  stlb: { entries: 8, ways: 4 }, stlb1g: { entries: 2, ways: 2 },
};
// 16 slots: 4 KiB pages in the first 2 MiB, a 2 MiB page above, across user and kernel halves.
const BASES = [0x0000_4000_0000_0000n, 0xffff_8880_0000_0000n];
const slotAddr = (slot: number) => BASES[slot >> 3]! + BigInt((slot & 7) < 6 ? (slot & 7) * 0x1000 : 0x20_0000 * ((slot & 7) - 5));
const slotLevel = (slot: number) => ((slot & 7) < 6 ? 1 : 2);

type Op =
  | { kind: 'access'; slot: number; offset: number; write: boolean; user: boolean; exec: boolean }
  | { kind: 'remap'; slot: number; frame: number; flags: number; present: boolean; flush: 'invlpg' | 'cr3' | 'none' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('access' as const), slot: fc.nat(15), offset: fc.nat(4095), write: fc.boolean(), user: fc.boolean(), exec: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remap' as const), slot: fc.nat(15), frame: fc.nat(63), flags: fc.nat(15), present: fc.boolean(), flush: fc.constantFrom('invlpg' as const, 'cr3' as const) }) },
);

function outcome(f: () => number): string {
  try { return `ok:${f()}`; } catch (e) {
    if (e instanceof PageFault) return `pf:${e.errorCode}`;
    throw e;
  }
}

function build() {
  const mem = newMemory();
  const pt = new PtBuilder(mem, 512 * MiB);
  const cpu = longModeCpu(pt, { geometry: SMALL });
  const ref = longModeCpu(pt, { id: 1 });
  const mmu = new Mmu(mem, { checkStale: true });
  return { mem, pt, cpu, ref, mmu };
}

function apply(pt: PtBuilder, cpu: CpuState, op: Extract<Op, { kind: 'remap' }>, flush: boolean): void {
  const level = slotLevel(op.slot);
  const flags = (op.flags & 1 ? PTE_RW : 0n) | (op.flags & 2 ? PTE_US : 0n) | (op.flags & 4 ? PTE_NX : 0n);
  const frame = level === 1 ? op.frame * 4096 : op.frame * 0x20_0000;
  if (op.present) pt.map(slotAddr(op.slot), frame, flags | (op.slot >= 8 && op.flags & 8 ? PTE_G : 0n), level);
  else pt.set(slotAddr(op.slot), level, 0n);
  if (!flush) return;
  if (op.flush === 'invlpg') cpu.invlpg(slotAddr(op.slot));
  else if (op.flags & 8) cpu.invpcid(2, 0); // globals may be involved: flush them too
  else cpu.switchRoot(pt.root);
}

describe('TLB against the page tables (property)', () => {
  it('with correct flushes, every TLB answer equals a TLB-less walk and nothing is stale', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 20, maxLength: 120 }), (ops) => {
      const { pt, cpu, ref, mmu } = build();
      for (const op of ops) {
        if (op.kind === 'remap') {
          // Kernel-half globals must be flushed with INVLPG or a global flush: a CR3 reload keeps them.
          apply(pt, cpu, op, true);
          if (op.flush === 'cr3' && op.slot >= 8) cpu.invpcid(2, 0);
          continue;
        }
        const va = slotAddr(op.slot) + BigInt(op.offset);
        const access = { write: op.write, user: op.user, exec: op.exec };
        const viaTlb = outcome(() => mmu.translate(cpu, va, access).paddr);
        const viaWalk = outcome(() => mmu.walk(ref, va, access).paddr);
        expect(viaTlb).toBe(viaWalk);
      }
      expect(mmu.stale.count).toBe(0);
    }), { numRuns: 150, seed: 0x5eed });
  });

  it('without flushes, every divergence from the walk is a recorded stale hit', () => {
    let total = 0;
    fc.assert(fc.property(fc.array(opArb, { minLength: 20, maxLength: 80 }), (ops) => {
      const { pt, cpu, ref, mmu } = build();
      let diverged = 0;
      for (const op of ops) {
        if (op.kind === 'remap') {
          apply(pt, cpu, op, false);
          mmu.noteTableWrite(`remap slot ${op.slot}`);
          continue;
        }
        const va = slotAddr(op.slot) + BigInt(op.offset);
        const before = mmu.stale.count;
        const viaTlb = outcome(() => mmu.translate(cpu, va, { write: op.write, user: op.user, exec: op.exec }).paddr);
        const viaWalk = outcome(() => mmu.walk(ref, va, { write: op.write, user: op.user, exec: op.exec }).paddr);
        // A successful answer that differs from the tables must have been flagged as stale.
        if (viaTlb.startsWith('ok') && viaTlb !== viaWalk) {
          diverged++;
          expect(mmu.stale.count).toBe(before + 1);
        }
      }
      total += diverged;
    }), { numRuns: 150, seed: 0xbad });
    expect(total).toBeGreaterThan(0); // the property was exercised
  });
});
