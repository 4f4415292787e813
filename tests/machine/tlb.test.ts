import { describe, it, expect } from 'vitest';
import {
  Mmu, Tlb, PageFault, PTE_RW, PTE_US, PTE_G, PTE_D, CR4_PAE, CR4_PCIDE, CR4_PGE, TlbGeometryError, tlbShootdown,
  DEFAULT_COST_MODEL, GOLDEN_COVE_TLB, PF_P, PF_W, type TlbGeometry,
} from '../../kernel-sim/machine/index.js';
import { PtBuilder, newMemory, longModeCpu, MiB } from './pt-builder.js';

const U = 0x0000_4000_0000_0000n;
const K = 0xffff_8000_0000_0000n;

function setup(opts: { pge?: boolean; pcid?: number; geometry?: TlbGeometry } = {}) {
  const mem = newMemory();
  const pt = new PtBuilder(mem, 512 * MiB);
  const cpu = longModeCpu(pt, opts);
  const mmu = new Mmu(mem);
  cpu.tlb.resetStats(); // forget the flushes of entering long mode
  return { mem, pt, cpu, mmu };
}

describe('TLB hits, misses and geometry', () => {
  it('hits L1 after a walk, charges costs, and serves every page size', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x5000, PTE_RW | PTE_US);
    pt.map(U + 0x20_0000n, 0x40_0000, PTE_RW | PTE_US, 2);
    pt.map(K, 0, PTE_RW, 3);
    for (const va of [U, U + 0x20_0000n, K]) {
      expect(mmu.translate(cpu, va).source).toBe('walk');
      expect(mmu.translate(cpu, va + 8n).source).toBe('l1');
    }
    expect(mmu.translate(cpu, U + 0x3f_f000n).paddr).toBe(0x40_0000 + 0x1f_f000); // same 2 MiB entry
    expect(mmu.translate(cpu, K + 0x3fff_0000n).paddr).toBe(0x3fff_0000);
    const st = cpu.tlb.stats;
    expect(st).toMatchObject({ misses: 3, walks: 3, l1Hits: 5 });
    const c = DEFAULT_COST_MODEL;
    expect(st.cycles).toBe(5 * c.l1Hit + (4 + 3 + 2) * c.walkLevel);
  });

  it('evicts the LRU way of a set and refills L1 from the STLB', () => {
    const geometry: TlbGeometry = { l1d4k: { entries: 2, ways: 2 }, l1d2m: { entries: 1, ways: 1 }, l1d1g: { entries: 1, ways: 1 }, stlb: { entries: 8, ways: 8 }, stlb1g: { entries: 0, ways: 1 } };
    const { pt, cpu, mmu } = setup({ geometry });
    for (let i = 0n; i < 3n; i++) pt.map(U + i * 0x1000n, 0x10000 + Number(i) * 0x1000, PTE_US);
    mmu.translate(cpu, U);
    mmu.translate(cpu, U + 0x1000n);
    mmu.translate(cpu, U); // U is now most recent
    mmu.translate(cpu, U + 0x2000n); // evicts U+0x1000 from L1
    expect(cpu.tlb.stats.evictions).toBe(1);
    expect(mmu.translate(cpu, U).source).toBe('l1');
    expect(mmu.translate(cpu, U + 0x1000n).source).toBe('stlb');
    expect(cpu.tlb.stats.stlbHits).toBe(1);
  });

  it('rejects malformed geometries; default is Golden Cove', () => {
    expect(() => new Tlb({ geometry: { ...GOLDEN_COVE_TLB, l1d4k: { entries: 10, ways: 4 } } })).toThrow(TlbGeometryError);
    expect(new Tlb().capacity).toBe(96 + 32 + 4 + 2048 + 16);
  });

  it('a write through a clean cached entry re-walks and sets D', () => {
    const { pt, cpu, mmu, mem } = setup();
    const leaf = pt.map(U, 0x5000, PTE_RW | PTE_US);
    mmu.translate(cpu, U);
    expect(mem.readU64(leaf) & PTE_D).toBe(0n);
    expect(mmu.translate(cpu, U, { write: true }).source).toBe('walk');
    expect(mem.readU64(leaf) & PTE_D).toBe(PTE_D);
    expect(cpu.tlb.stats.dirtyAssists).toBe(1);
    expect(mmu.translate(cpu, U, { write: true }).source).toBe('l1');
  });

  it('a hit whose cached rights forbid the access faults and drops the entry', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x5000, PTE_US);
    mmu.translate(cpu, U, { user: true });
    pt.map(U, 0x5000, PTE_US | PTE_RW); // widened without flush
    const e = (() => { try { mmu.translate(cpu, U, { user: true, write: true }); } catch (x) { return x as PageFault; } return null; })();
    expect(e?.errorCode).toBe(PF_P | PF_W | 4);
    expect(mmu.translate(cpu, U, { user: true, write: true }).source).toBe('walk'); // spurious fault, then fine
  });
});

describe('global entries and CR3/CR4', () => {
  it('keeps global entries on CR3 reload when PGE, drops non-global ones', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(K, 0x6000, PTE_RW | PTE_G);
    pt.map(U, 0x7000, PTE_RW | PTE_US | PTE_G); // G in a non-leaf-only sense: still global
    pt.map(U + 0x1000n, 0x8000, PTE_RW | PTE_US);
    for (const va of [K, U, U + 0x1000n]) mmu.translate(cpu, va);
    cpu.switchRoot(pt.root);
    expect(mmu.translate(cpu, K).source).toBe('l1');
    expect(mmu.translate(cpu, U).source).toBe('l1');
    expect(mmu.translate(cpu, U + 0x1000n).source).toBe('walk');
    expect(cpu.tlb.stats.flushes.cr3).toBe(1);
  });

  it('ignores G without CR4.PGE, and a PGE toggle flushes globals', () => {
    const noPge = setup({ pge: false });
    noPge.pt.map(K, 0x6000, PTE_RW | PTE_G);
    noPge.mmu.translate(noPge.cpu, K);
    expect(noPge.mmu.translate(noPge.cpu, K).flags.global).toBe(false);
    noPge.cpu.switchRoot(noPge.pt.root);
    expect(noPge.mmu.translate(noPge.cpu, K).source).toBe('walk');
    const { pt, cpu, mmu } = setup();
    pt.map(K, 0x6000, PTE_RW | PTE_G);
    mmu.translate(cpu, K);
    cpu.writeCr4(cpu.cr4 & ~CR4_PGE);
    cpu.writeCr4(cpu.cr4 | CR4_PGE);
    expect(mmu.translate(cpu, K).source).toBe('walk');
    expect(cpu.tlb.stats.flushes.cr4).toBe(2);
  });
});

describe('PCIDs', () => {
  function twoSpaces() {
    const s = setup({ pcid: 1 });
    const pt2 = new PtBuilder(s.mem, 600 * MiB);
    s.pt.map(U, 0x1000, PTE_RW | PTE_US);
    pt2.map(U, 0x2000, PTE_RW | PTE_US);
    s.pt.map(K, 0x9000, PTE_RW | PTE_G);
    pt2.map(K, 0x9000, PTE_RW | PTE_G);
    return { ...s, pt2 };
  }

  it('tags entries: switching PCID with no-flush keeps both address spaces cached', () => {
    const { pt, pt2, cpu, mmu } = twoSpaces();
    expect(mmu.translate(cpu, U).paddr).toBe(0x1000);
    mmu.translate(cpu, K);
    cpu.switchRoot(pt2.root, 2, true);
    expect(mmu.translate(cpu, U)).toMatchObject({ paddr: 0x2000, source: 'walk' });
    expect(mmu.translate(cpu, K).source).toBe('l1'); // global: any PCID
    cpu.switchRoot(pt.root, 1, true);
    expect(mmu.translate(cpu, U)).toMatchObject({ paddr: 0x1000, source: 'l1' });
    expect(cpu.tlb.stats.flushes.cr3NoFlush).toBe(2);
  });

  it('a flushing CR3 write drops only the new PCID\'s non-global entries', () => {
    const { pt, pt2, cpu, mmu } = twoSpaces();
    mmu.translate(cpu, U);
    cpu.switchRoot(pt2.root, 2, true);
    mmu.translate(cpu, U);
    cpu.switchRoot(pt2.root, 2); // flush PCID 2
    expect(mmu.translate(cpu, U).source).toBe('walk');
    cpu.switchRoot(pt.root, 1, true);
    expect(mmu.translate(cpu, U).source).toBe('l1');
  });

  it('INVLPG drops the current PCID\'s entry and the global one, not other PCIDs\'', () => {
    const { pt, pt2, cpu, mmu } = twoSpaces();
    mmu.translate(cpu, U);
    cpu.switchRoot(pt2.root, 2, true);
    mmu.translate(cpu, U);
    mmu.translate(cpu, K);
    cpu.invlpg(U + 0x123n);
    cpu.invlpg(K);
    expect(mmu.translate(cpu, U).source).toBe('walk');
    expect(mmu.translate(cpu, K).source).toBe('walk');
    cpu.switchRoot(pt.root, 1, true);
    expect(mmu.translate(cpu, U).source).toBe('l1');
    cpu.invlpg(0x0000_8000_0000_0000n); // non-canonical: a no-op
    expect(cpu.tlb.stats.flushes.invlpg).toBe(3);
  });

  it('INVLPG on any address in a 2 MiB page drops the whole entry', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U + 0x20_0000n, 0x40_0000, PTE_RW, 2);
    mmu.translate(cpu, U + 0x20_0000n);
    cpu.invlpg(U + 0x3f_f000n);
    expect(mmu.translate(cpu, U + 0x20_0000n).source).toBe('walk');
  });

  it('INVPCID type 0: one address of the given PCID, never globals', () => {
    const { pt, pt2, cpu, mmu } = twoSpaces();
    mmu.translate(cpu, U);
    mmu.translate(cpu, U + 0x1000n - 1n);
    mmu.translate(cpu, K);
    cpu.switchRoot(pt2.root, 2, true);
    mmu.translate(cpu, U);
    cpu.invpcid(0, 1, U); // another PCID than the current one
    cpu.invpcid(0, 2, K); // global: untouched
    expect(mmu.translate(cpu, K).source).toBe('l1');
    expect(mmu.translate(cpu, U).source).toBe('l1'); // PCID 2's entry kept
    cpu.switchRoot(pt.root, 1, true);
    expect(mmu.translate(cpu, U).source).toBe('walk');
    expect(cpu.tlb.stats.flushes.invpcid0).toBe(2);
  });

  it('INVPCID type 1: non-global entries of one PCID', () => {
    const { pt, pt2, cpu, mmu } = twoSpaces();
    mmu.translate(cpu, U);
    mmu.translate(cpu, K);
    cpu.switchRoot(pt2.root, 2, true);
    mmu.translate(cpu, U);
    cpu.invpcid(1, 1);
    expect(mmu.translate(cpu, U).source).toBe('l1'); // PCID 2 kept
    cpu.switchRoot(pt.root, 1, true);
    expect(mmu.translate(cpu, U).source).toBe('walk');
    expect(mmu.translate(cpu, K).source).toBe('l1');
  });

  it('INVPCID type 2: everything including globals; type 3: all PCIDs but not globals', () => {
    const { pt, pt2, cpu, mmu } = twoSpaces();
    const fill = () => {
      cpu.switchRoot(pt.root, 1, true); mmu.translate(cpu, U); mmu.translate(cpu, K);
      cpu.switchRoot(pt2.root, 2, true); mmu.translate(cpu, U);
    };
    fill();
    cpu.invpcid(3, 0);
    expect(mmu.translate(cpu, K).source).toBe('l1');
    expect(mmu.translate(cpu, U).source).toBe('walk');
    cpu.switchRoot(pt.root, 1, true);
    expect(mmu.translate(cpu, U).source).toBe('walk');
    fill();
    cpu.invpcid(2, 0);
    expect(cpu.tlb.validEntries).toBe(0);
    expect(cpu.tlb.stats.flushes).toMatchObject({ invpcid2: 1, invpcid3: 1 });
  });

  it('clearing PCIDE flushes every PCID', () => {
    const { cpu, mmu } = twoSpaces();
    mmu.translate(cpu, U);
    cpu.writeCr4(cpu.cr4 & ~CR4_PCIDE);
    expect(cpu.tlb.validEntries).toBe(0);
    expect(cpu.cr4 & CR4_PAE).toBe(CR4_PAE);
  });
});

describe('shootdown cost', () => {
  it('charges the initiator base + per target and each receiver, and runs the flush', () => {
    const a = setup({ pcid: 0 });
    const b = longModeCpu(a.pt, { id: 1 });
    const c = longModeCpu(a.pt, { id: 2 });
    a.pt.map(U, 0x1000, PTE_RW);
    a.mmu.translate(b, U);
    a.mmu.translate(c, U);
    const before = a.cpu.tlb.stats.cycles;
    tlbShootdown(a.cpu, [a.cpu, b, c], (cpu) => cpu.invlpg(U));
    const k = DEFAULT_COST_MODEL;
    expect(a.cpu.tlb.stats.cycles - before).toBe(k.ipiBase + 2 * k.ipiPerTarget + k.invlpg);
    expect(b.tlb.stats.ipisReceived).toBe(1);
    expect(a.cpu.tlb.stats.ipisSent).toBe(2);
    expect(a.mmu.translate(b, U).source).toBe('walk');
  });
});

describe('flush strategies under the cost model', () => {
  it('per-page INVLPG keeps unrelated entries; a full flush pays for them in re-walks', () => {
    const run = (strategy: 'invlpg' | 'cr3') => {
      const { pt, cpu, mmu } = setup();
      for (let i = 0n; i < 64n; i++) pt.map(U + i * 0x1000n, 0x10_0000 + Number(i) * 0x1000, PTE_RW | PTE_US);
      for (let i = 0n; i < 64n; i++) mmu.translate(cpu, U + i * 0x1000n);
      const before = cpu.tlb.stats.cycles;
      // unmap 4 pages, flush, then touch the 60 still-mapped pages
      for (let i = 0n; i < 4n; i++) pt.set(U + i * 0x1000n, 1, 0n);
      if (strategy === 'invlpg') for (let i = 0n; i < 4n; i++) cpu.invlpg(U + i * 0x1000n);
      else cpu.switchRoot(pt.root);
      for (let i = 4n; i < 64n; i++) mmu.translate(cpu, U + i * 0x1000n);
      return { cycles: cpu.tlb.stats.cycles - before, walks: cpu.tlb.stats.walks };
    };
    const k = DEFAULT_COST_MODEL;
    const perPage = run('invlpg');
    const full = run('cr3');
    expect(perPage.cycles).toBe(4 * k.invlpg + 60 * k.l1Hit);
    expect(full.cycles).toBe(k.contextFlush + 60 * 4 * k.walkLevel);
    expect(full.walks - perPage.walks).toBe(60);
  });
});
