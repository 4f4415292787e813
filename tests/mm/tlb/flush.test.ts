import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CpuState, DEFAULT_COST_MODEL } from '../../../kernel-sim/machine/index.js';
import { bugSet } from '../../../kernel-sim/bugs/index.js';
import { NonCanonicalVaddrError } from '../../../kernel-sim/mm/page-table/index.js';
import {
  activatePageTable, tlbFlushAddr, tlbFlushAddrRange, tlbFlushAllExcludingGlobal, tlbFlushAllIncludingGlobal, tlbHoldsFrame,
} from '../../../kernel-sim/mm/tlb/index.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import { KA, MiB2, tlbSetup } from './tlb-kernel.js';

const MOM02 = bugSet('MOM-02');
const MOM01 = bugSet('MOM-01');

describe('FG4.2 flush API', () => {
  it('MOM-02: a 2 MiB page takes 512 INVLPGs audited, 1 fixed; both leave it uncached', () => {
    for (const [bugs, n, strategy] of [[MOM02, 512, 'per-4k'], [undefined, 1, 'per-page']] as const) {
      const { cpu, mmu, pageSizeAt } = tlbSetup();
      mmu.translate(cpu, KA + 0x1234n);
      expect(tlbHoldsFrame(cpu, 0x20_0000)).toBe(true);
      const r = tlbFlushAddrRange(cpu, { start: KA, end: KA + MiB2 }, { bugs, pageSizeAt });
      expect(r).toMatchObject({ strategy, invlpgs: n, fullFlushes: 0, cycles: n * DEFAULT_COST_MODEL.invlpg });
      expect(tlbHoldsFrame(cpu, 0x20_0000)).toBe(false);
    }
  });

  it('fixed: past the ceiling of 33 pages one full flush, including globals in the kernel half', () => {
    const { cpu, mmu, pageSizeAt } = tlbSetup();
    mmu.translate(cpu, KA + MiB2);
    const range = { start: KA + MiB2, end: KA + MiB2 + 0x10_0000n }; // 256 pages
    const audited = tlbFlushAddrRange(cpu, range, { bugs: MOM02 });
    expect(audited.invlpgs).toBe(256);
    mmu.translate(cpu, KA + MiB2);
    const fixed = tlbFlushAddrRange(cpu, range, { pageSizeAt });
    expect(fixed).toMatchObject({ strategy: 'full-including-global', invlpgs: 0, fullFlushes: 2 });
    expect(fixed.cycles).toBeLessThan(audited.cycles);
    expect(cpu.tlb.validEntries).toBe(0);
    expect(tlbFlushAddrRange(cpu, { start: KA, end: KA }, {})).toMatchObject({ strategy: 'none', invlpgs: 0 });
  });

  it('excluding-global keeps global entries, including-global drops them', () => {
    const { cpu, mmu } = tlbSetup();
    mmu.translate(cpu, KA);
    const ex = tlbFlushAllExcludingGlobal(cpu);
    expect(ex).toMatchObject({ strategy: 'full-excluding-global', fullFlushes: 1, cycles: DEFAULT_COST_MODEL.contextFlush });
    expect(tlbHoldsFrame(cpu, 0x20_0000)).toBe(true);
    const inc = tlbFlushAllIncludingGlobal(cpu);
    expect(inc).toMatchObject({ fullFlushes: 2, cycles: 2 * DEFAULT_COST_MODEL.globalFlush });
    expect(tlbHoldsFrame(cpu, 0x20_0000)).toBe(false);
    expect(cpu.pge).toBe(true);
    expect(mmu.staleTranslations).toHaveLength(0);
  });

  it('tlbFlushAddr drops the one page, counted as one INVLPG', () => {
    const { cpu, mmu } = tlbSetup();
    mmu.translate(cpu, KA + MiB2);
    mmu.translate(cpu, KA + MiB2 + 0x1000n);
    expect(tlbFlushAddr(cpu, KA + MiB2)).toMatchObject({ invlpgs: 1, cycles: DEFAULT_COST_MODEL.invlpg });
    expect(tlbHoldsFrame(cpu, 0x40_0000)).toBe(false);
    expect(tlbHoldsFrame(cpu, 0x40_1000)).toBe(true);
  });

  it('MOM-01: a 57-bit address panics audited even under LA57; fixed checks the CPU width', () => {
    const va57 = 0x00ff_0000_0000_0000n; // canonical for 57 bits only
    const { cpu: cpu57 } = tlbSetup(true);
    expect(() => tlbFlushAddr(cpu57, va57, { bugs: MOM01 })).toThrow(KernelPanic);
    expect(() => tlbFlushAddrRange(cpu57, { start: va57, end: va57 + 0x1000n }, { bugs: MOM01 })).toThrow(/MOM-01 audited/);
    expect(tlbFlushAddr(cpu57, va57).invlpgs).toBe(1);
    const { cpu: cpu48 } = tlbSetup(false);
    expect(() => tlbFlushAddr(cpu48, va57)).toThrow(NonCanonicalVaddrError);
    expect(cpu48.tlb.stats.flushes.invlpg).toBe(0);
  });

  it('activatePageTable writes CR3 with the cache bits, refusing other policies', () => {
    const { cpu, pt } = tlbSetup();
    activatePageTable(cpu, pt.rootPaddr(), 'Writethrough');
    expect(cpu.cr3).toBe(BigInt(pt.rootPaddr()) | 8n);
    activatePageTable(cpu, pt.rootPaddr(), 'Uncacheable');
    expect(cpu.cr3).toBe(BigInt(pt.rootPaddr()) | 16n);
    expect(() => activatePageTable(cpu, pt.rootPaddr(), 'WriteCombining')).toThrow(KernelPanic);
    expect(() => activatePageTable(cpu, pt.rootPaddr() + 8)).toThrow(/aligned/);
    expect(() => activatePageTable(new CpuState({ id: 9 }), 0x1000)).not.toThrow();
  });

  it('property: after any range flush, no page of the range is cached (audited and fixed)', () => {
    const { cpu, mmu, pageSizeAt } = tlbSetup();
    fc.assert(fc.property(fc.integer({ min: 0, max: 527 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), (first, n, audited) => {
      const start = KA + BigInt(first) * 0x1000n;
      const end = start + BigInt(n) * 0x1000n > KA + MiB2 + 0x1_0000n ? KA + MiB2 + 0x1_0000n : start + BigInt(n) * 0x1000n;
      for (let va = KA; va < KA + MiB2 + 0x1_0000n; va += 0x1000n) mmu.translate(cpu, va);
      tlbFlushAddrRange(cpu, { start, end }, { bugs: audited ? MOM02 : undefined, pageSizeAt });
      for (let va = start; va < end; va += 0x1000n) {
        const w = mmu.peek(cpu, va)!;
        if (tlbHoldsFrame(cpu, w.paddr)) return false;
      }
      return true;
    }), { seed: 42, numRuns: 60 });
  });
});
