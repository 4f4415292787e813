import { describe, it, expect } from 'vitest';
import { Mmu, PTE_RW, PTE_US, PTE_NX, StaleDetector } from '../../kernel-sim/machine/index.js';
import { PtBuilder, newMemory, longModeCpu, MiB } from './pt-builder.js';

const U = 0x0000_4000_0000_0000n;

function setup(checkStale = true) {
  const mem = newMemory();
  const pt = new PtBuilder(mem, 512 * MiB);
  const cpu = longModeCpu(pt, { id: 3 });
  const mmu = new Mmu(mem, { checkStale });
  return { mem, pt, cpu, mmu };
}

describe('stale-translation detector', () => {
  it('records a hit on an unmapped page with the CPU, address and last table write', () => {
    const { pt, cpu, mmu, mem } = setup();
    const leaf = pt.map(U, 0x5000, PTE_RW | PTE_US);
    mmu.translate(cpu, U, { user: true });
    mem.writeU64(leaf, 0n);
    mmu.noteTableWrite('VmSpace::unmap (no flush)');
    // the CPU keeps using the old frame: what Target 13 forbids
    expect(mmu.translate(cpu, U + 0x10n, { user: true }).paddr).toBe(0x5010);
    expect(mmu.staleTranslations).toHaveLength(1);
    const r = mmu.staleTranslations[0]!;
    expect(r).toMatchObject({ cpu: 3, vaddr: U + 0x10n, pcid: 0, kind: 'unmapped', current: null, lastTableWrite: 'VmSpace::unmap (no flush)', tableWriteSeq: 1 });
    expect(r.cached).toEqual({ base: 0x5000, pageSize: 4096, writable: true, user: true, executable: true });
  });

  it('classifies reduced rights (SPA-01: protect without flush) and remaps', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x5000, PTE_RW | PTE_US);
    pt.map(U + 0x1000n, 0x6000, PTE_RW | PTE_US);
    mmu.translate(cpu, U, { write: true }); // cached dirty: a later write needs no walk
    mmu.translate(cpu, U + 0x1000n);
    pt.map(U, 0x5000, PTE_US | PTE_NX);
    mmu.noteTableWrite('VmSpace::protect');
    pt.map(U + 0x1000n, 0x7000, PTE_RW | PTE_US);
    mmu.noteTableWrite('CursorMut::map');
    mmu.translate(cpu, U, { write: true });
    mmu.translate(cpu, U + 0x1000n);
    expect(mmu.staleTranslations.map((r) => [r.kind, r.lastTableWrite])).toEqual([
      ['rights-reduced', 'CursorMut::map'], ['remapped', 'CursorMut::map'],
    ]);
    expect(mmu.stale.unsafe).toHaveLength(2);
  });

  it('a write through a clean stale entry re-walks, so the tables win (and nothing is recorded)', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x5000, PTE_RW | PTE_US);
    mmu.translate(cpu, U);
    pt.map(U, 0x5000, PTE_US);
    expect(() => mmu.translate(cpu, U, { write: true })).toThrow(/protection, write/);
    expect(mmu.stale.count).toBe(0);
  });

  it('records nothing when the change is followed by the required INVLPG', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x5000, PTE_RW | PTE_US);
    mmu.translate(cpu, U);
    pt.map(U, 0x5000, PTE_US);
    mmu.noteTableWrite('VmSpace::protect');
    cpu.invlpg(U);
    expect(() => mmu.translate(cpu, U, { write: true, user: true })).toThrow();
    mmu.translate(cpu, U);
    expect(mmu.stale.count).toBe(0);
  });

  it('widened rights are recorded as benign; disabled detector records nothing', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x5000, PTE_US);
    mmu.translate(cpu, U);
    pt.map(U, 0x5000, PTE_US | PTE_RW);
    mmu.translate(cpu, U);
    expect(mmu.staleTranslations[0]?.kind).toBe('rights-widened');
    expect(mmu.stale.unsafe).toHaveLength(0);
    const off = setup(false);
    off.pt.map(U, 0x5000, PTE_US);
    off.mmu.translate(off.cpu, U);
    off.pt.map(U, 0x9000, PTE_US);
    off.mmu.translate(off.cpu, U);
    expect(off.mmu.stale.count).toBe(0);
  });

  it('caps the records it keeps but counts all', () => {
    const d = new StaleDetector(true, 1);
    const v = { base: 0, pageSize: 4096, writable: true, user: true, executable: true };
    d.record(0, 0n, 0, v, null);
    d.record(0, 0n, 0, v, null);
    expect([d.records.length, d.count]).toEqual([1, 2]);
    d.clear();
    expect(d.count).toBe(0);
  });
});
