import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  Mmu, PageFault, GeneralProtectionFault, PTE_RW, PTE_US, PTE_NX, PTE_A, PTE_D, PTE_G, PTE_P, PTE_PS, PTE_PWT, PTE_PCD,
  PTE_PAT_LARGE, PF_P, PF_W, PF_U, PF_RSVD, PF_I, makePte, CR0_PE, CR0_PG, CpuState, LinearAddressError,
} from '../../kernel-sim/machine/index.js';
import { PtBuilder, newMemory, longModeCpu, MiB, GiB } from './pt-builder.js';

const U = 0x0000_4000_0000_0000n; // a user address
const K = 0xffff_8000_0000_0000n; // a kernel (upper-half) address

function setup(levels: 4 | 5 = 4, opts: { nxe?: boolean } = {}) {
  const mem = newMemory();
  const pt = new PtBuilder(mem, 512 * MiB, levels);
  const cpu = longModeCpu(pt, opts);
  const mmu = new Mmu(mem);
  return { mem, pt, cpu, mmu };
}

function pf(f: () => unknown): PageFault {
  try { f(); } catch (e) {
    if (e instanceof PageFault) return e;
    throw e;
  }
  throw new Error('expected #PF');
}

describe('page walk: translations', () => {
  it('translates 4 KiB, 2 MiB and 1 GiB pages (4-level)', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U + 0x1000n, 0x123000, PTE_RW | PTE_US);
    pt.map(U + 0x4000_0000n + 0x20_0000n, 0x40_0000, PTE_RW | PTE_US, 2);
    pt.map(K, GiB * 4, PTE_RW, 3);
    const t4 = mmu.walk(cpu, U + 0x1abcn, { user: true });
    expect(t4).toMatchObject({ paddr: 0x123abc, pageSize: 4096, level: 1 });
    expect(mmu.walk(cpu, U + 0x4000_0000n + 0x3f_f123n).paddr).toBe(0x40_0000 + 0x1f_f123);
    const t1g = mmu.walk(cpu, K + 0x3fff_fff8n, { write: true });
    expect(t1g).toMatchObject({ paddr: 4 * GiB + 0x3fff_fff8, pageSize: GiB, level: 3 });
    expect(t1g.flags).toMatchObject({ writable: true, user: false, dirty: true });
    expect(cpu.tlb.stats.walkReads[4]).toBe(3);
    expect(cpu.tlb.stats.walkReads[1]).toBe(1);
  });

  it('walks 5 levels with LA57, including 57-bit kernel addresses', () => {
    const { pt, cpu, mmu } = setup(5);
    const high = 0xff00_0000_0000_0000n + 0x1234_5000n;
    const user57 = 0x00f0_0000_0000_0000n;
    pt.map(high, 0x9000, PTE_RW);
    pt.map(user57, 0xa000, PTE_US);
    expect(mmu.walk(cpu, high + 0x10n).paddr).toBe(0x9010);
    expect(mmu.walk(cpu, user57 + 5n, { user: true }).paddr).toBe(0xa005);
    expect(cpu.tlb.stats.walkReads[5]).toBe(2);
    // 48-bit-canonical-only address stays fine; 57-bit non-canonical raises #GP
    expect(() => mmu.walk(cpu, 0x0100_0000_0000_0000n)).toThrow(GeneralProtectionFault);
  });

  it('decodes PWT/PCD/PAT/G', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(K + 0x20_0000n, 0x20_0000, PTE_PWT | PTE_PCD | PTE_PAT_LARGE | PTE_G, 2);
    expect(mmu.walk(cpu, K + 0x20_0000n).flags).toMatchObject({ pwt: true, pcd: true, pat: true, global: true, writable: false });
  });

  it('sets A on every level and D on the leaf only for writes, in memory', () => {
    const { pt, cpu, mmu, mem } = setup();
    const leaf = pt.map(U, 0x5000, PTE_RW | PTE_US);
    mmu.walk(cpu, U, { user: true });
    expect(mem.readU64(leaf) & (PTE_A | PTE_D)).toBe(PTE_A);
    expect(pt.get(U, 2) & PTE_A).toBe(PTE_A);
    expect(pt.get(U, 4) & PTE_A).toBe(PTE_A);
    mmu.walk(cpu, U, { user: true, write: true });
    expect(mem.readU64(leaf) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    expect(pt.get(U, 2) & PTE_D).toBe(0n); // D only on the leaf
  });

  it('does not set A/D when the access faults, nor on peek', () => {
    const { pt, cpu, mmu, mem } = setup();
    const leaf = pt.map(U, 0x5000, PTE_US);
    pf(() => mmu.walk(cpu, U, { user: true, write: true }));
    expect(mem.readU64(leaf) & PTE_A).toBe(0n);
    expect(mmu.peek(cpu, U)?.paddr).toBe(0x5000);
    expect(mem.readU64(leaf) & PTE_A).toBe(0n);
    expect(mmu.peek(cpu, U + 0x1000n)).toBeNull();
  });

  it('is identity with paging off', () => {
    const mmu = new Mmu(newMemory());
    const cpu = new CpuState({ id: 0 });
    expect(mmu.translate(cpu, 0x1234n)).toMatchObject({ paddr: 0x1234, source: 'no-paging' });
  });
});

describe('page-fault error codes', () => {
  it('not present at each level: P=0 with W, U and I bits of the access', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x5000, PTE_RW | PTE_US);
    // not present at PML4 (different 512 GiB slot), PD and PT levels
    for (const va of [U + (1n << 39n), U + (1n << 30n), U + 0x1000n]) {
      expect(pf(() => mmu.translate(cpu, va)).errorCode).toBe(0);
      expect(pf(() => mmu.translate(cpu, va, { write: true })).errorCode).toBe(PF_W);
      expect(pf(() => mmu.translate(cpu, va, { user: true, write: true })).errorCode).toBe(PF_W | PF_U);
      expect(pf(() => mmu.translate(cpu, va, { user: true, exec: true })).errorCode).toBe(PF_U | PF_I);
    }
    const e = pf(() => mmu.translate(cpu, U + 0x1008n, { write: true }));
    expect(e.linearAddress).toBe(U + 0x1008n);
    expect(cpu.cr2).toBe(U + 0x1008n);
    expect(e.present).toBe(false);
    expect(cpu.tlb.stats.faults).toBe(13);
  });

  it('I/D is reported only with EFER.NXE', () => {
    const { cpu, mmu } = setup(4, { nxe: false });
    expect(pf(() => mmu.translate(cpu, U, { exec: true })).errorCode).toBe(0);
  });

  it('user access to a supervisor page (at any level) is P|U', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(K, 0x6000, PTE_RW);
    expect(pf(() => mmu.translate(cpu, K, { user: true })).errorCode).toBe(PF_P | PF_U);
    // US clear in an upper level only
    const mem2 = setup();
    mem2.pt.map(U, 0x7000, PTE_RW | PTE_US);
    mem2.pt.set(U, 3, mem2.pt.get(U, 3) & ~PTE_US);
    expect(pf(() => mem2.mmu.translate(mem2.cpu, U, { user: true, write: true })).errorCode).toBe(PF_P | PF_U | PF_W);
    expect(mem2.mmu.translate(mem2.cpu, U).paddr).toBe(0x7000); // supervisor may (no SMAP)
  });

  it('writes to read-only pages: user always faults, supervisor only with CR0.WP', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x8000, PTE_US);
    expect(pf(() => mmu.translate(cpu, U, { user: true, write: true })).errorCode).toBe(PF_P | PF_W | PF_U);
    expect(pf(() => mmu.translate(cpu, U, { write: true })).errorCode).toBe(PF_P | PF_W);
    cpu.writeCr0(CR0_PE | CR0_PG); // WP off
    expect(mmu.translate(cpu, U, { write: true }).paddr).toBe(0x8000);
  });

  it('fetch from an NX page is P|I (and NX in an upper level counts)', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x9000, PTE_US | PTE_NX);
    expect(pf(() => mmu.translate(cpu, U, { user: true, exec: true })).errorCode).toBe(PF_P | PF_U | PF_I);
    pt.map(U + 0x20_0000n, 0xa000, PTE_US);
    pt.set(U, 2, pt.get(U, 2)); // same table
    pt.set(U, 4, pt.get(U, 4) | PTE_NX);
    expect(pf(() => mmu.translate(cpu, U + 0x20_0000n, { exec: true })).errorCode).toBe(PF_P | PF_I);
    expect(mmu.translate(cpu, U + 0x20_0000n).paddr).toBe(0xa000);
  });

  it('reserved bits: NX without NXE, PS in a PML4E, low bits of 2 MiB and 1 GiB leaves', () => {
    const noNx = setup(4, { nxe: false });
    noNx.pt.map(U, 0x9000, PTE_US | PTE_NX);
    expect(pf(() => noNx.mmu.translate(noNx.cpu, U, { user: true })).errorCode).toBe(PF_P | PF_U | PF_RSVD);
    const { pt, cpu, mmu } = setup();
    pt.map(U, 0x1000, PTE_RW);
    pt.set(U, 4, pt.get(U, 4) | PTE_PS);
    const e = pf(() => mmu.translate(cpu, U, { write: true }));
    expect(e.errorCode).toBe(PF_P | PF_W | PF_RSVD);
    expect(e.reserved).toBe(true);
    pt.set(K, 2, makePte(0x20_0000 | 0x2000, PTE_P | PTE_PS)); // bit 13 set in a 2 MiB leaf
    expect(pf(() => mmu.translate(cpu, K)).errorCode).toBe(PF_P | PF_RSVD);
    pt.set(K + (1n << 30n), 3, makePte(GiB + 0x20_0000, PTE_P | PTE_PS)); // bit 21 in a 1 GiB leaf
    expect(pf(() => mmu.translate(cpu, K + (1n << 30n))).errorCode).toBe(PF_P | PF_RSVD);
    pt.set(K + (2n << 30n), 3, makePte(2 * GiB, PTE_P | PTE_PS | PTE_PAT_LARGE)); // PAT (bit 12) is fine
    expect(mmu.translate(cpu, K + (2n << 30n) + 5n).paddr).toBe(2 * GiB + 5);
  });
});

describe('canonical addresses', () => {
  it('raises #GP (not #PF) for non-canonical 48-bit addresses', () => {
    const { cpu, mmu } = setup();
    for (const va of [0x0000_8000_0000_0000n, 0xffff_7fff_ffff_f000n, 0x8000_0000_0000_0000n, 0x0001_0000_0000_0000n]) {
      expect(() => mmu.translate(cpu, va)).toThrow(GeneralProtectionFault);
    }
    expect(cpu.tlb.stats.faults).toBe(0);
    expect(() => mmu.translate(cpu, 1n << 64n)).toThrow(LinearAddressError);
    expect(() => mmu.translate(cpu, -1n)).toThrow(LinearAddressError);
  });

  it('accepts the canonical extremes of both widths', () => {
    const { pt, cpu, mmu } = setup();
    pt.map(0xffff_ffff_ffff_f000n, 0x3000, PTE_RW);
    pt.map(0x0000_7fff_ffff_f000n, 0x4000, PTE_RW);
    expect(mmu.translate(cpu, 0xffff_ffff_ffff_ffffn).paddr).toBe(0x3fff);
    expect(mmu.translate(cpu, 0x0000_7fff_ffff_ffffn).paddr).toBe(0x4fff);
    const five = setup(5);
    five.pt.map(0xff00_0000_0000_0000n, 0x3000, PTE_RW);
    five.pt.map(0x00ff_ffff_ffff_f000n, 0x4000, PTE_RW);
    five.pt.map(0xffff_8000_0000_0000n, 0x5000, PTE_RW); // canonical in both
    expect(five.mmu.translate(five.cpu, 0xff00_0000_0000_0123n).paddr).toBe(0x3123);
    expect(five.mmu.translate(five.cpu, 0x00ff_ffff_ffff_ffffn).paddr).toBe(0x4fff);
    expect(five.mmu.translate(five.cpu, 0xffff_8000_0000_0042n).paddr).toBe(0x5042);
    expect(() => five.mmu.translate(five.cpu, 0xfe00_0000_0000_0000n)).toThrow(GeneralProtectionFault);
    expect(() => five.mmu.translate(five.cpu, 0x0100_0000_0000_0000n)).toThrow(GeneralProtectionFault);
  });

  // paddrOf inlines the decode; it must agree with decodeLinear (used by walkPaddr) on every u64,
  // on a miss (walk + fill) and on the TLB hit that follows.
  it('paddrOf decodes like walkPaddr for any address, both widths, miss and hit', () => {
    const outcome = (f: () => number): string => {
      try { return `ok:${f()}`; } catch (e) {
        if (e instanceof PageFault) return `pf:${e.errorCode}`;
        if (e instanceof GeneralProtectionFault) return 'gp';
        if (e instanceof LinearAddressError) return 'range';
        throw e;
      }
    };
    const mapped = [U, 0xffff_8880_0000_0000n, 0xffff_ffff_ffff_f000n, 0x00ff_ffff_ffff_f000n, 0xff00_0000_0000_0000n];
    const near = fc.tuple(fc.constantFrom(...mapped), fc.integer({ min: -8192, max: 8191 })).map(([b, d]) => b + BigInt(d));
    const addr = fc.oneof(near, fc.bigInt({ min: -2n, max: (1n << 64n) + 1n }), fc.constantFrom(-1n, 1n << 64n, 1n << 63n, (1n << 64n) - 1n));
    for (const levels of [4, 5] as const) {
      const { pt, cpu, mmu } = setup(levels);
      for (const va of mapped) if (levels === 5 || va !== 0x00ff_ffff_ffff_f000n && va !== 0xff00_0000_0000_0000n) pt.map(va, 0x7000, PTE_RW | PTE_US);
      fc.assert(fc.property(addr, (va) => {
        const ref = outcome(() => mmu.walkPaddr(cpu, va, 0));
        expect(outcome(() => mmu.paddrOf(cpu, va, 0))).toBe(ref);
        expect(outcome(() => mmu.paddrOf(cpu, va, 0))).toBe(ref);
      }), { numRuns: 1000, seed: levels });
    }
  });
});
