/**
 * CAP and ECAP of the emulated remapping unit: the values QEMU's `intel-iommu` device reports
 * with its defaults (QEMU 7.2, `hw/i386/intel_iommu.c` vtd_init with `aw-bits=39`,
 * `dma-drain=on`, `pt=on`, `intremap=off`, `caching-mode=off`, `device-iotlb=off`):
 * CAP = 0x00d2008c22260206, ECAP = 0xf42. That CAP is what Linux prints for a QEMU guest
 * (`cap d2008c22260206`; `...286` with caching-mode=on).
 *
 * Decoded: ND=6 (65536 domains), SAGAW=39-bit/3-level only, MGAW=39, FRO=0x22 (records at
 * 0x220), SLLPS=2M+1G, PSI, NFR=0 (one record), MAMV=18, DWD+DRD; ECAP: QI, PT, IRO=0xf
 * (IOTLB registers at 0xf0).
 * Deviation when asked for: `faultRecords` > 1 sets NFR to faultRecords-1 (QEMU has one), so
 * experiments can use a ring; other knobs (`sllps`, `psi`) also deviate from QEMU when changed;
 * `snoopControl` is QEMU's own `snoop-control=on` (ECAP.SC, SNP allowed in second-level entries).
 * @module
 */
import { KernelSimError } from '../../util/errors.js';

/** Decoded CAP fields (Linux's cap_* macros). */
export interface CapFields {
  /** log2 of the number of domains is 4 + 2*ND. */
  readonly nd: number;
  readonly rwbf: boolean;
  readonly plmr: boolean;
  readonly phmr: boolean;
  /** Caching mode (non-present entries may be cached). */
  readonly cm: boolean;
  /** Supported AGAWs: bit 1 = 39-bit (3-level), bit 2 = 48-bit, bit 3 = 57-bit. */
  readonly sagaw: number;
  /** Maximum guest address width in bits (MGAW field + 1). */
  readonly mgaw: number;
  readonly zlr: boolean;
  /** Byte offset of the fault-recording registers (FRO*16). */
  readonly faultRecordOffset: number;
  /** Second-level large pages: bit 0 = 2 MiB, bit 1 = 1 GiB. */
  readonly sllps: number;
  /** Page-selective IOTLB invalidation supported. */
  readonly psi: boolean;
  /** Number of fault-recording registers (NFR + 1). */
  readonly faultRecords: number;
  /** Maximum address mask value for page-selective invalidation. */
  readonly mamv: number;
  readonly dwd: boolean;
  readonly drd: boolean;
}

/** Decoded ECAP fields. */
export interface EcapFields {
  readonly c: boolean;
  readonly qi: boolean;
  readonly dt: boolean;
  readonly ir: boolean;
  readonly eim: boolean;
  /** Pass-through (context TT=10b) supported. */
  readonly pt: boolean;
  /** Snoop control (SNP bit in second-level entries). */
  readonly sc: boolean;
  /** Byte offset of the IOTLB registers (IRO*16). */
  readonly iotlbRegisterOffset: number;
  readonly mhmv: number;
  readonly smts: boolean;
}

/** Options that shape CAP/ECAP (defaults: QEMU 7.2's). */
export interface CapabilityOptions {
  /** Fault-recording registers, 1..256 (QEMU: 1). */
  readonly faultRecords?: number;
  /** Second-level large pages, bit 0 = 2M, bit 1 = 1G (QEMU: both, 3). */
  readonly sllps?: number;
  /** Page-selective invalidation (QEMU: true). */
  readonly psi?: boolean;
  /**
   * Snoop control, ECAP.SC (QEMU's `snoop-control`, default off). Off, SNP (bit 11) of a
   * second-level entry is a reserved bit (fault 0xC), as QEMU checks it in legacy mode.
   */
  readonly snoopControl?: boolean;
}

/** A capability option out of range. */
export class CapabilityError extends KernelSimError {
  constructor(readonly field: string, readonly value: number) {
    super(`remapping unit capability ${field}: ${value} is out of range`);
  }
}

/** QEMU's fault-recording offset (0x220) and IOTLB register offset (0xf0). */
export const QEMU_FRCD_OFFSET = 0x220;
export const QEMU_IOTLB_OFFSET = 0xf0;
/** QEMU's VER register value: 1.0. */
export const QEMU_VERSION = 0x10;
/** QEMU's default register base on q35 (Q35_HOST_BRIDGE_IOMMU_ADDR). */
export const QEMU_DMAR_REGISTER_BASE = 0xfed90000;
/** The adjusted guest address width of a 3-level table: 39 bits. */
export const AGAW_39 = 39;

/** CAP for the options (defaults give QEMU's 0x00d2008c22260206). */
export function capabilityValue(opts: CapabilityOptions = {}): bigint {
  const nfr = opts.faultRecords ?? 1;
  if (!Number.isInteger(nfr) || nfr < 1 || nfr > 256) throw new CapabilityError('faultRecords', nfr);
  const sllps = opts.sllps ?? 3;
  if (!Number.isInteger(sllps) || sllps < 0 || sllps > 3) throw new CapabilityError('sllps', sllps);
  const psi = opts.psi ?? true;
  return (BigInt(QEMU_FRCD_OFFSET >> 4) << 24n)
    | (BigInt(nfr - 1) << 40n)
    | 6n // ND: 16-bit domain ids
    | (18n << 48n) // MAMV
    | (psi ? 1n << 39n : 0n)
    | (BigInt(sllps) << 34n)
    | (BigInt(AGAW_39 - 1) << 16n) // MGAW
    | (0x2n << 8n) // SAGAW: 39-bit only
    | (3n << 54n); // DRD | DWD (dma-drain=on)
}

/** ECAP for the options (defaults give QEMU's QI | PT | IRO = 0xf42; snoopControl adds SC, bit 7). */
export function extendedCapabilityValue(opts: CapabilityOptions = {}): bigint {
  return (BigInt(QEMU_IOTLB_OFFSET >> 4) << 8n) | (1n << 1n) | (1n << 6n) | (opts.snoopControl ? 1n << 7n : 0n);
}

const bit = (v: bigint, b: number): boolean => ((v >> BigInt(b)) & 1n) === 1n;
const field = (v: bigint, lo: number, width: number): number => Number((v >> BigInt(lo)) & ((1n << BigInt(width)) - 1n));

/** Decodes a CAP value. */
export function decodeCap(cap: bigint): CapFields {
  return {
    nd: field(cap, 0, 3), rwbf: bit(cap, 4), plmr: bit(cap, 5), phmr: bit(cap, 6), cm: bit(cap, 7),
    sagaw: field(cap, 8, 5), mgaw: field(cap, 16, 6) + 1, zlr: bit(cap, 22),
    faultRecordOffset: field(cap, 24, 10) * 16, sllps: field(cap, 34, 4), psi: bit(cap, 39),
    faultRecords: field(cap, 40, 8) + 1, mamv: field(cap, 48, 6), dwd: bit(cap, 54), drd: bit(cap, 55),
  };
}

/** Decodes an ECAP value. */
export function decodeEcap(ecap: bigint): EcapFields {
  return {
    c: bit(ecap, 0), qi: bit(ecap, 1), dt: bit(ecap, 2), ir: bit(ecap, 3), eim: bit(ecap, 4), pt: bit(ecap, 6),
    sc: bit(ecap, 7), iotlbRegisterOffset: field(ecap, 8, 10) * 16, mhmv: field(ecap, 20, 4), smts: bit(ecap, 43),
  };
}
