/**
 * Builds DMAR table bytes from a typed {@link DmarTable} (e.g. made from a machine description
 * by {@link dmarFromUnits}): the ACPI header with its checksum (all bytes sum to 0 mod 256),
 * then each DRHD with its device scopes. OEM fields default to QEMU's ("BOCHS ", "BXPC    ").
 * @module
 */
import { isPhysAddr } from '../address.js';
import {
  ACPI_HEADER_SIZE, DEVICE_SCOPE_HEADER_SIZE, DMAR_HEADER_SIZE, DRHD_HEADER_SIZE, DRHD_INCLUDE_PCI_ALL, DeviceScopeType,
  type DeviceScope, type DmarTable, type Drhd,
} from './dmar-table.js';
import { DmarEncodeError } from './dmar-errors.js';

/** One unit of a machine description: where its registers are and which devices it covers. */
export interface DmarUnitDescription {
  readonly registerBase: number;
  /** 'all' for INCLUDE_PCI_ALL, else the PCI endpoints {bus, device, fn} it covers. */
  readonly scope: 'all' | readonly { readonly bus: number; readonly device: number; readonly fn: number }[];
  readonly segment?: number;
}

/**
 * A DMAR table for units described by the machine: endpoint scopes for listed devices, the
 * INCLUDE_PCI_ALL unit last (the spec requires it to be the last DRHD of its segment).
 */
export function dmarFromUnits(units: readonly DmarUnitDescription[], hostAddressWidth = 39): DmarTable {
  const drhds: Drhd[] = units.map((u) => ({
    includePciAll: u.scope === 'all', segment: u.segment ?? 0, registerBase: u.registerBase,
    scopes: u.scope === 'all' ? [] : u.scope.map((d): DeviceScope => ({
      type: DeviceScopeType.PciEndpoint, enumerationId: 0, startBus: d.bus, path: [{ device: d.device, fn: d.fn }],
    })),
  }));
  drhds.sort((a, b) => Number(a.includePciAll) - Number(b.includePciAll));
  return { hostAddressWidth, flags: 0, drhds };
}

function scopeLength(s: DeviceScope): number {
  return DEVICE_SCOPE_HEADER_SIZE + 2 * s.path.length;
}

function drhdLength(d: Drhd): number {
  return DRHD_HEADER_SIZE + d.scopes.reduce((n, s) => n + scopeLength(s), 0);
}

function ascii(bytes: Uint8Array, at: number, text: string, len: number, field: string): void {
  if (text.length > len || !/^[\x20-\x7e]*$/.test(text)) throw new DmarEncodeError(field, `${JSON.stringify(text)} is not at most ${len} printable ASCII characters`);
  for (let i = 0; i < len; i++) bytes[at + i] = i < text.length ? text.charCodeAt(i) : 0x20;
}

function byteField(v: number, field: string, max = 255): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new DmarEncodeError(field, `${v} is not an integer in 0..${max}`);
  return v;
}

/** Encodes a table. @throws DmarEncodeError for a field that does not fit. */
export function encodeDmar(t: DmarTable): Uint8Array {
  const haw = byteField(t.hostAddressWidth, 'hostAddressWidth', 64);
  if (haw < 1) throw new DmarEncodeError('hostAddressWidth', `${haw} is below 1`);
  const length = DMAR_HEADER_SIZE + t.drhds.reduce((n, d) => n + drhdLength(d), 0);
  const bytes = new Uint8Array(length);
  const v = new DataView(bytes.buffer);
  ascii(bytes, 0, 'DMAR', 4, 'signature');
  v.setUint32(4, length, true);
  bytes[8] = byteField(t.revision ?? 1, 'revision');
  ascii(bytes, 10, t.oemId ?? 'BOCHS ', 6, 'oemId');
  ascii(bytes, 16, t.oemTableId ?? 'BXPC    ', 8, 'oemTableId');
  v.setUint32(24, t.oemRevision ?? 1, true);
  ascii(bytes, 28, t.creatorId ?? 'BXPC', 4, 'creatorId');
  v.setUint32(32, t.creatorRevision ?? 1, true);
  bytes[ACPI_HEADER_SIZE] = haw - 1;
  bytes[ACPI_HEADER_SIZE + 1] = byteField(t.flags, 'flags');
  let at = DMAR_HEADER_SIZE;
  t.drhds.forEach((d, i) => {
    const f = `drhds[${i}]`;
    if (!isPhysAddr(d.registerBase) || d.registerBase % 4096 !== 0) throw new DmarEncodeError(`${f}.registerBase`, `${d.registerBase} is not a 4 KiB-aligned physical address`);
    const len = drhdLength(d);
    if (len > 0xffff) throw new DmarEncodeError(f, `length ${len} does not fit 16 bits`);
    v.setUint16(at, 0, true);
    v.setUint16(at + 2, len, true);
    bytes[at + 4] = d.includePciAll ? DRHD_INCLUDE_PCI_ALL : 0;
    bytes[at + 5] = byteField(d.size ?? 0, `${f}.size`);
    v.setUint16(at + 6, byteField(d.segment, `${f}.segment`, 0xffff), true);
    v.setBigUint64(at + 8, BigInt(d.registerBase), true);
    let s = at + DRHD_HEADER_SIZE;
    d.scopes.forEach((sc, j) => {
      const g = `${f}.scopes[${j}]`;
      if (sc.path.length === 0) throw new DmarEncodeError(`${g}.path`, 'a device scope needs at least one path entry');
      bytes[s] = byteField(sc.type, `${g}.type`);
      bytes[s + 1] = scopeLength(sc);
      bytes[s + 4] = byteField(sc.enumerationId, `${g}.enumerationId`);
      bytes[s + 5] = byteField(sc.startBus, `${g}.startBus`);
      sc.path.forEach((p, k) => {
        bytes[s + 6 + 2 * k] = byteField(p.device, `${g}.path[${k}].device`, 31);
        bytes[s + 7 + 2 * k] = byteField(p.fn, `${g}.path[${k}].fn`, 7);
      });
      s += scopeLength(sc);
    });
    at += len;
  });
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  bytes[9] = (256 - sum) & 0xff;
  return bytes;
}
