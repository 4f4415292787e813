import { describe, expect, it } from 'vitest';
import {
  REG_RTADDR, REG_CCMD, GCMD_SRTP, GCMD_TE, CCMD_GLOBAL_INVALIDATE, IOTLB_GLOBAL_INVALIDATE, FaultReason,
} from '../../../kernel-sim/machine/index.js';
import { rig, attach, sid, MiB } from './vtd-setup.js';

const IOTLB = 0xf8;
const IVA = 0xf0;
const S = sid(0, 3, 0);

describe('translation', () => {
  it('passes DMA through untranslated before TE, also with tables programmed', () => {
    const r = rig();
    const t = attach(r, 0, 3, 0);
    r.tables.map(t, 0x1000, 0x300000, { read: true, write: true });
    r.w64(REG_RTADDR, BigInt(r.tables.root));
    r.command(GCMD_SRTP);
    expect(r.unit.paddrOf(S, 0x1000, true)).toBe(0x1000);
    expect(r.unit.stats.passThrough).toBe(1);
    r.command(GCMD_TE);
    expect(r.unit.paddrOf(S, 0x1010, true)).toBe(0x300010);
    r.command(GCMD_TE, false);
    expect(r.unit.paddrOf(S, 0x1010, true)).toBe(0x1010);
  });

  it('TT=10b passes through per device', () => {
    const r = rig();
    attach(r, 0, 3, 0, { tt: 2 });
    r.enable();
    expect(r.unit.translate(S, 0x123456, { write: true })).toMatchObject({ paddr: 0x123456, source: 'context-pass-through' });
  });

  it('combines R/W across levels and maps 2 MiB and 1 GiB leaves where SLLPS allows', () => {
    const r = rig();
    const t = attach(r, 0, 3, 0);
    r.tables.map(t, 0x40000000, 0, { read: true, write: true }, 3);
    r.tables.map(t, 0x200000, 0x400000, { read: true }, 2);
    r.enable();
    expect(r.unit.translate(S, 0x40000000 + 5 * MiB + 7, { write: false })).toMatchObject({ paddr: 5 * MiB + 7, level: 3 });
    expect(r.unit.translate(S, 0x200000 + 0x1234, { write: false })).toMatchObject({ paddr: 0x401234, level: 2 });
    expect(r.unit.paddrOf(S, 0x200000, true)).toBe(-FaultReason.WriteDenied);
    // A PS leaf at the PDE with SLLPS lacking 2 MiB: reserved bit, 0xC.
    const r2 = rig({ units: [{ scope: 'all', sllps: 2 }] });
    const t2 = attach(r2, 0, 3, 0);
    r2.tables.map(t2, 0x200000, 0x400000, { read: true }, 2);
    r2.tables.map(t2, 0x40000000, 0, { read: true }, 3);
    r2.enable();
    expect(r2.unit.paddrOf(S, 0x200000, false)).toBe(-FaultReason.PagingEntryReserved);
    expect(r2.unit.paddrOf(S, 0x40000000, false)).toBe(0);
  });

  it('gives each fault reason 1..0xD for its cause', () => {
    const r = rig();
    const mem = r.mem;
    const t = attach(r, 0, 3, 0);
    r.tables.map(t, 0x1000, 0x300000, { read: true });
    r.tables.map(t, 0x2000, 0x301000, { read: true, write: true, snoop: true }); // SNP without ECAP.SC: reserved
    r.tables.map(t, 0x40000000, 0x0, { read: true }, 1);
    // Level-2 entry of 0x40000000's table pointing outside RAM: the level-1 read fails (7).
    mem.writeU64(r.tables.entryAddress(t, 0x40000000, 2), 0x7000000n | 3n);
    attach(r, 0, 4, 0, { tt: 3 }); // reserved TT
    r.tables.setContext(0, 5 << 3, { present: false, secondLevelTable: 0 });
    const ctx = r.tables.contextTable(0);
    mem.writeU64(ctx + (6 << 3) * 16 + 8, 1n | (1n << 7n)); // context hi bit 7 reserved
    mem.writeU64(ctx + (6 << 3) * 16, BigInt(r.tables.newDomainTable()) | 1n);
    mem.writeU64(r.tables.root + 2 * 16, 0x8000000n | 1n); // bus 2: context table outside RAM
    mem.writeU64(r.tables.root + 3 * 16, BigInt(r.tables.alloc()) | 1n | 2n); // bus 3: reserved bit 1
    const top = attach(r, 0, 7, 0);
    mem.writeU64(ctx + (7 << 3) * 16, 0x9000000n | 1n); // device 7: SL root outside RAM (3)
    void top;
    r.enable();
    const at = (s: number, a: number, w: boolean) => -r.unit.paddrOf(s, a, w);
    expect(at(sid(1, 0, 0), 0, false)).toBe(1);
    expect(at(sid(0, 5, 0), 0, false)).toBe(2);
    expect(at(sid(0, 4, 0), 0, false)).toBe(3);
    expect(at(sid(0, 7, 0), 0, false)).toBe(3);
    expect(at(S, 2 ** 39, false)).toBe(4);
    expect(at(S, 0x1000, true)).toBe(5);
    expect(at(S, 0x5000, false)).toBe(6);
    expect(at(S, 0x40000000, false)).toBe(7);
    expect(at(sid(2, 0, 0), 0, false)).toBe(9);
    expect(at(sid(3, 0, 0), 0, false)).toBe(0xa);
    expect(at(sid(0, 6, 0), 0, false)).toBe(0xb);
    expect(at(S, 0x2000, false)).toBe(0xc);
    expect(r.unit.translate(S, 0x1000, { write: false, translated: true }).reason).toBe(0xd);
    // 8: the root table itself outside RAM.
    const r8 = rig();
    r8.w64(REG_RTADDR, 0x3000_0000n);
    r8.command(GCMD_SRTP);
    r8.command(GCMD_TE);
    expect(-r8.unit.paddrOf(S, 0, false)).toBe(8);
  });

  it('the IOTLB keeps a stale translation until an IOTLB invalidation', () => {
    const r = rig();
    const t = attach(r, 0, 3, 0, { did: 7 });
    r.tables.map(t, 0x1000, 0x300000, { read: true, write: true });
    r.enable();
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(0x300000);
    r.mem.writeU64(r.tables.entryAddress(t, 0x1000, 1), 0n); // unmap in memory only
    expect(r.unit.translate(S, 0x1000, { write: false })).toMatchObject({ paddr: 0x300000, source: 'iotlb' });
    // A domain-selective invalidation of another domain keeps it; of domain 7 drops it.
    r.w64(IOTLB, (1n << 63n) | (2n << 60n) | (8n << 32n));
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(0x300000);
    r.w64(IOTLB, (1n << 63n) | (2n << 60n) | (7n << 32n));
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(-6);
  });

  it('page-selective invalidation drops the pages of the mask, and large leaves overlapping them', () => {
    const r = rig();
    const t = attach(r, 0, 3, 0, { did: 1 });
    for (let i = 0; i < 4; i++) r.tables.map(t, 0x10000 + i * 0x1000, 0x300000 + i * 0x1000, { read: true });
    r.tables.map(t, 0x400000, 0x600000, { read: true }, 2);
    r.enable();
    for (let i = 0; i < 4; i++) r.unit.paddrOf(S, 0x10000 + i * 0x1000, false);
    r.unit.paddrOf(S, 0x400000, false);
    for (let i = 0; i < 4; i++) r.mem.writeU64(r.tables.entryAddress(t, 0x10000 + i * 0x1000, 1), 0n);
    r.mem.writeU64(r.tables.entryAddress(t, 0x400000, 2), 0n);
    r.w64(IVA, 0x10000n | 1n); // AM=1: pages 0x10000 and 0x11000
    r.w64(IOTLB, (1n << 63n) | (3n << 60n) | (1n << 32n));
    expect(r.unit.paddrOf(S, 0x10000, false)).toBeLessThan(0);
    expect(r.unit.paddrOf(S, 0x11000, false)).toBeLessThan(0);
    expect(r.unit.paddrOf(S, 0x12000, false)).toBe(0x302000); // stale, outside the mask
    r.w64(IVA, 0x401000n);
    r.w64(IOTLB, (1n << 63n) | (3n << 60n) | (1n << 32n));
    expect(r.unit.paddrOf(S, 0x400000, false)).toBeLessThan(0);
  });

  it('the context cache keeps a stale context entry until CCMD invalidation', () => {
    const r = rig();
    const t = attach(r, 0, 3, 0, { did: 1 });
    r.tables.map(t, 0x1000, 0x300000, { read: true });
    const t2 = r.tables.newDomainTable();
    r.tables.map(t2, 0x1000, 0x500000, { read: true });
    r.enable();
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(0x300000);
    r.tables.setContext(0, 3 << 3, { present: true, secondLevelTable: t2, domainId: 2 });
    r.w64(IOTLB, IOTLB_GLOBAL_INVALIDATE);
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(0x300000); // old context: old domain, re-walked old table
    // Device-selective for another function keeps it; with FM=3 (all functions of device 3) drops it.
    r.w64(REG_CCMD, (1n << 63n) | (3n << 61n) | (BigInt(sid(0, 3, 1)) << 16n) | 1n);
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(0x300000);
    r.w64(REG_CCMD, (1n << 63n) | (3n << 61n) | (3n << 32n) | (BigInt(sid(0, 3, 1)) << 16n) | 1n);
    r.w64(IOTLB, IOTLB_GLOBAL_INVALIDATE);
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(0x500000);
    r.tables.setContext(0, 3 << 3, { present: false, secondLevelTable: 0 });
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(0x500000);
    r.w64(REG_CCMD, CCMD_GLOBAL_INVALIDATE);
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(-2);
    expect(r.unit.contextCache.stats.globalInvalidations).toBe(1);
  });

  it('a cached entry whose rights deny the access is re-walked', () => {
    const r = rig();
    const t = attach(r, 0, 3, 0);
    r.tables.map(t, 0x1000, 0x300000, { read: true });
    r.enable();
    r.unit.paddrOf(S, 0x1000, false);
    r.tables.map(t, 0x1000, 0x300000, { read: true, write: true });
    expect(r.unit.paddrOf(S, 0x1000, true)).toBe(0x300000);
  });

  it('a unit with TE already on walks the current RTADDR only after SRTP again', () => {
    const r = rig();
    attach(r, 0, 3, 0);
    r.enable();
    const other = r.tables.alloc();
    r.w64(REG_RTADDR, BigInt(other));
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(-6);
    r.command(GCMD_SRTP);
    r.w64(REG_CCMD, CCMD_GLOBAL_INVALIDATE);
    expect(r.unit.paddrOf(S, 0x1000, false)).toBe(-1);
    expect(r.unit.translationEnabled).toBe(true);
    void GCMD_TE;
  });
});

describe('entry bits the walk ignores or allows', () => {
  it('ignores bit 7 of a 4 KiB entry; SNP is reserved unless ECAP.SC (snoop-control)', () => {
    for (const snoopControl of [false, true]) {
      const r = rig({ units: [{ scope: 'all', snoopControl }] });
      const t = attach(r, 0, 3, 0);
      r.tables.map(t, 0x1000, 0x300000, { read: true });
      r.tables.map(t, 0x2000, 0x301000, { read: true, snoop: true });
      r.mem.writeU64(r.tables.entryAddress(t, 0x1000, 1), 0x300000n | 0x80n | 1n);
      r.enable();
      expect(r.unit.paddrOf(S, 0x1000, false)).toBe(0x300000);
      expect(r.unit.paddrOf(S, 0x2000, false)).toBe(snoopControl ? 0x301000 : -0xc);
      expect(r.unit.ecapFields.sc).toBe(snoopControl);
    }
  });
});
