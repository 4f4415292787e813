import { describe, expect, it } from 'vitest';
import {
  REG_VER, REG_CAP, REG_ECAP, REG_GCMD, REG_GSTS, REG_RTADDR, REG_CCMD, GCMD_TE, GCMD_SRTP, GCMD_QIE, GCMD_WBF, GCMD_IRE,
  CCMD_GLOBAL_INVALIDATE, IOTLB_GLOBAL_INVALIDATE, RegisterWriteError, RegisterAccessError, decodeCap, decodeEcap,
  capabilityValue, CapabilityError, MmioMapError, PhysicalMemory, DmaRemappingUnit,
} from '../../../kernel-sim/machine/index.js';
import { rig, attach, sid } from './vtd-setup.js';

describe('register file', () => {
  it('reports QEMU 7.2 defaults: VER 1.0, CAP 0xd2008c22260206, ECAP 0xf42', () => {
    const r = rig();
    expect(r.r32(REG_VER)).toBe(0x10);
    expect(r.r64(REG_CAP)).toBe(0x00d2008c22260206n);
    expect(r.r64(REG_ECAP)).toBe(0xf42n);
    const cap = decodeCap(r.r64(REG_CAP));
    expect(cap).toMatchObject({ faultRecordOffset: 0x220, faultRecords: 1, mgaw: 39, sagaw: 2, sllps: 3, psi: true, mamv: 18, nd: 6 });
    expect(decodeEcap(r.r64(REG_ECAP))).toMatchObject({ iotlbRegisterOffset: 0xf0, qi: true, pt: true, ir: false, dt: false });
  });

  it('a configurable NFR moves only the NFR field', () => {
    const cap = capabilityValue({ faultRecords: 8 });
    expect(decodeCap(cap).faultRecords).toBe(8);
    expect(cap ^ capabilityValue()).toBe(7n << 40n);
    expect(() => capabilityValue({ faultRecords: 0 })).toThrow(CapabilityError);
    expect(() => capabilityValue({ faultRecords: 257 })).toThrow(CapabilityError);
  });

  it('read-only registers ignore writes; GCMD reads as 0', () => {
    const r = rig();
    r.w64(REG_CAP, 0n);
    r.w32(REG_VER, 0x99);
    r.w32(REG_GSTS, 0xffffffff);
    expect(r.r64(REG_CAP)).toBe(0x00d2008c22260206n);
    expect(r.r32(REG_VER)).toBe(0x10);
    expect(r.r32(REG_GSTS)).toBe(0);
    expect(r.unit.stats.ignoredWrites).toBe(3);
    r.enable();
    expect(r.r32(REG_GCMD)).toBe(0);
    expect(r.r32(REG_GSTS)).toBe((GCMD_TE | GCMD_SRTP) >>> 0);
  });

  it('RTADDR takes effect only when SRTP latches it', () => {
    const r = rig();
    r.w64(REG_RTADDR, 0x123000n);
    expect(r.unit.rootTableAddress).toBe(0);
    r.command(GCMD_SRTP);
    expect(r.unit.rootTableAddress).toBe(0x123000);
    r.w64(REG_RTADDR, 0x456000n);
    expect(r.unit.rootTableAddress).toBe(0x123000);
    expect(r.r64(REG_RTADDR)).toBe(0x456000n);
  });

  it('refuses two commands in one GCMD write and changes nothing', () => {
    const r = rig();
    r.w64(REG_RTADDR, BigInt(r.tables.root));
    expect(() => r.w32(REG_GCMD, (GCMD_TE | GCMD_SRTP) >>> 0)).toThrow(RegisterWriteError);
    expect(r.r32(REG_GSTS)).toBe(0);
    expect(r.unit.rootTableAddress).toBe(0);
    // Re-writing the current TE value with one new command is one command.
    r.command(GCMD_SRTP);
    r.command(GCMD_TE);
    expect(() => r.w32(REG_GCMD, GCMD_SRTP)).toThrow(/TE and SRTP|SRTP and TE|one command/); // TE 1 -> 0 and SRTP
    expect(r.unit.translationEnabled).toBe(true);
  });

  it('refuses commands the capabilities do not offer', () => {
    const r = rig();
    expect(() => r.command(GCMD_QIE)).toThrow(/queued invalidation/);
    expect(() => r.command(GCMD_WBF)).toThrow(/RWBF/);
    expect(() => r.command(GCMD_IRE)).toThrow(/ECAP.IR/);
    expect(r.r32(REG_GSTS)).toBe(0);
  });

  it('takes aligned 4- and 8-byte accesses only', () => {
    const r = rig();
    expect(() => r.mem.readU8(0xfed90000)).toThrow(RegisterAccessError);
    expect(() => r.mem.readU32(0xfed90002)).toThrow(RegisterAccessError);
    expect(() => r.mem.writeU16(0xfed90018, 1)).toThrow(RegisterAccessError);
    expect(r.mem.readU32(0xfed90000 + 0x800)).toBe(0); // reserved offsets read 0
  });

  it('CCMD.ICC and IOTLB.IVT read back clear with the granularity performed', () => {
    const r = rig();
    r.w64(REG_CCMD, CCMD_GLOBAL_INVALIDATE);
    const ccmd = r.r64(REG_CCMD);
    expect(ccmd >> 63n).toBe(0n);
    expect((ccmd >> 59n) & 3n).toBe(1n);
    r.w64(0xf8, IOTLB_GLOBAL_INVALIDATE);
    const iotlb = r.r64(0xf8);
    expect(iotlb >> 63n).toBe(0n);
    expect((iotlb >> 57n) & 3n).toBe(1n);
    // Page-selective with AM above MAMV (18) is performed domain-selective (IAIG = 2).
    r.w64(0xf0, 19n);
    r.w64(0xf8, (1n << 63n) | (3n << 60n) | (5n << 32n));
    expect((r.r64(0xf8) >> 57n) & 3n).toBe(2n);
    r.w64(0xf0, 0x5000n);
    r.w64(0xf8, (1n << 63n) | (3n << 60n) | (5n << 32n));
    expect((r.r64(0xf8) >> 57n) & 3n).toBe(3n);
  });

  it('CIRG/IIRG 0 is refused', () => {
    const r = rig();
    expect(() => r.w64(REG_CCMD, 1n << 63n)).toThrow(RegisterWriteError);
    expect(() => r.w64(0xf8, 1n << 63n)).toThrow(RegisterWriteError);
  });

  it('register pages cannot overlap RAM or each other', () => {
    const mem = new PhysicalMemory([{ start: 0, end: 2 ** 20 }]);
    const u = new DmaRemappingUnit(mem);
    expect(() => mem.mapMmio(0x1000, 0x1000, u)).toThrow(MmioMapError);
    mem.mapMmio(0xfed90000, 0x1000, u);
    expect(() => mem.mapMmio(0xfed90800, 0x1000, u)).toThrow(/overlaps dmar0/);
    expect(() => mem.readBytes(0xfed90000, 4)).toThrow(); // bulk copies do not reach MMIO
  });

  it('the unit decodes RTADDR TTM bits as reserved in legacy mode', () => {
    const r = rig();
    expect(() => r.w64(REG_RTADDR, 0x1000n | (1n << 10n))).toThrow(/TTM/);
    expect(r.r64(REG_RTADDR)).toBe(0n);
    attach(r, 0, 1, 0);
    r.enable();
    expect(r.unit.paddrOf(sid(0, 1, 0), 0x1000, false)).toBeLessThan(0);
  });
});
