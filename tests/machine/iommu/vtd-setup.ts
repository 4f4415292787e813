// Test helpers: a machine with one remapping unit, a table writer and register access by MMIO.
import {
  DmaPlatform, PhysicalMemory, RecordingMsiSink, VtdTableWriter, PciLocation, PciDevice,
  REG_GCMD, REG_GSTS, REG_RTADDR, REG_FECTL, REG_FEDATA, REG_FEADDR, GCMD_SRTP, GCMD_TE, ONE_SHOT_STATUS_MASK,
  type DmaPlatformDescription, type DmaRemappingUnit,
} from '../../../kernel-sim/machine/index.js';

export const MiB = 2 ** 20;
export const BASE = 0xfed90000;

export interface Rig {
  mem: PhysicalMemory;
  platform: DmaPlatform;
  unit: DmaRemappingUnit;
  msi: RecordingMsiSink;
  tables: VtdTableWriter;
  r32(off: number): number;
  w32(off: number, v: number): void;
  r64(off: number): bigint;
  w64(off: number, v: bigint): void;
  /** Issues one GCMD command the way the spec's sequence does (GSTS & mask | bit). */
  command(bit: number, on?: boolean): void;
  /** SRTP with the writer's root, then TE. */
  enable(): void;
  /** Unmasks fault events with MSI address 0xfee00000 and vector `vector`. */
  unmask(vector?: number): void;
  device(bus: number, dev: number, fn: number): PciDevice;
}

/** 64 MiB of RAM; tables from 16 MiB; one unit covering all devices unless `desc` says otherwise. */
export function rig(desc: DmaPlatformDescription = {}): Rig {
  const mem = new PhysicalMemory([{ start: 0, end: 64 * MiB }]);
  const msi = new RecordingMsiSink();
  const platform = new DmaPlatform(mem, { msi, ...desc });
  const unit = platform.units[0]!;
  const base = platform.dmarTable.drhds.find((d) => platform.unitAt(d.registerBase) === unit)!.registerBase;
  const tables = new VtdTableWriter(mem, 16 * MiB);
  const r: Rig = {
    mem, platform, unit, msi, tables,
    r32: (off) => mem.readU32(base + off),
    w32: (off, v) => mem.writeU32(base + off, v >>> 0),
    r64: (off) => mem.readU64(base + off),
    w64: (off, v) => mem.writeU64(base + off, v),
    command(bit, on = true) {
      const g = r.r32(REG_GSTS) & ONE_SHOT_STATUS_MASK;
      r.w32(REG_GCMD, on ? g | bit : g & ~bit);
    },
    enable() {
      r.w64(REG_RTADDR, BigInt(tables.root));
      r.command(GCMD_SRTP);
      r.command(GCMD_TE);
    },
    unmask(vector = 0x30) {
      r.w32(REG_FEDATA, vector);
      r.w32(REG_FEADDR, 0xfee00000);
      r.w32(REG_FECTL, 0);
    },
    device: (bus, dev, fn) => new PciDevice(new PciLocation(bus, dev, fn), platform.bus),
  };
  return r;
}

/** Gives `bus:dev.fn` a context entry on a fresh domain table; returns the table. */
export function attach(r: Rig, bus: number, dev: number, fn: number, opts: { did?: number; fpd?: boolean; tt?: number } = {}): number {
  const table = r.tables.newDomainTable();
  r.tables.setContext(bus, (dev << 3) | fn, {
    present: true, secondLevelTable: table, domainId: opts.did ?? 1, faultProcessingDisable: opts.fpd ?? false, translationType: opts.tt ?? 0,
  });
  return table;
}

export const sid = (bus: number, dev: number, fn: number): number => (bus << 8) | (dev << 3) | fn;
