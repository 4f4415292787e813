/**
 * Decodes DMAR table bytes into a typed {@link DmarTable}, refusing malformed tables with a
 * {@link DmarDecodeError} that names the byte offset and field: too short, wrong signature,
 * a length field that disagrees with the bytes, a bad checksum, a structure shorter than its
 * header or running past the table, a device scope with a bad length, a path entry out of
 * range, a register base not 4 KiB aligned, or an INCLUDE_PCI_ALL DRHD that is not the last
 * DRHD of its segment (spec §8.3).
 * @module
 */
import {
  ACPI_HEADER_SIZE, DEVICE_SCOPE_HEADER_SIZE, DMAR_HEADER_SIZE, DRHD_HEADER_SIZE, DRHD_INCLUDE_PCI_ALL,
  type DeviceScope, type DmarTable, type Drhd, type PciPathEntry, type RawRemappingStructure,
} from './dmar-table.js';
import { DmarDecodeError } from './dmar-errors.js';

function text(bytes: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const c = bytes[at + i]!;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return s;
}

/** Decodes a DMAR table. @throws DmarDecodeError */
export function decodeDmar(bytes: Uint8Array): DmarTable {
  if (bytes.length < DMAR_HEADER_SIZE) throw new DmarDecodeError(0, 'length', `${bytes.length} bytes is shorter than the 48-byte DMAR header`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sig = text(bytes, 0, 4);
  if (sig !== 'DMAR') throw new DmarDecodeError(0, 'signature', `${JSON.stringify(sig)} is not "DMAR"`);
  const length = v.getUint32(4, true);
  if (length !== bytes.length) throw new DmarDecodeError(4, 'length', `header says ${length} bytes, the table has ${bytes.length}`);
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  if (sum !== 0) throw new DmarDecodeError(9, 'checksum', `bytes sum to ${sum} mod 256, not 0`);
  const drhds: Drhd[] = [];
  const others: RawRemappingStructure[] = [];
  const pciAllSegments = new Map<number, number>();
  let at = DMAR_HEADER_SIZE;
  while (at < length) {
    if (length - at < 4) throw new DmarDecodeError(at, 'structure header', `${length - at} bytes left, a structure header needs 4`);
    const type = v.getUint16(at, true);
    const slen = v.getUint16(at + 2, true);
    if (slen < 4) throw new DmarDecodeError(at + 2, 'structure length', `${slen} is shorter than the 4-byte header`);
    if (at + slen > length) throw new DmarDecodeError(at + 2, 'structure length', `${slen} runs past the end of the table (${length - at} bytes left)`);
    if (type === 0) {
      const d = decodeDrhd(bytes, v, at, slen);
      const earlier = pciAllSegments.get(d.segment);
      if (earlier !== undefined) {
        throw new DmarDecodeError(at, 'DRHD order', `a DRHD follows the INCLUDE_PCI_ALL DRHD at offset ${earlier} of segment ${d.segment}; it must be the last`);
      }
      if (d.includePciAll) pciAllSegments.set(d.segment, at);
      drhds.push(d);
    } else {
      others.push({ type, offset: at, bytes: bytes.slice(at, at + slen) });
    }
    at += slen;
  }
  return {
    hostAddressWidth: bytes[ACPI_HEADER_SIZE]! + 1, flags: bytes[ACPI_HEADER_SIZE + 1]!, revision: bytes[8]!,
    oemId: text(bytes, 10, 6), oemTableId: text(bytes, 16, 8), oemRevision: v.getUint32(24, true),
    creatorId: text(bytes, 28, 4), creatorRevision: v.getUint32(32, true), drhds, others,
  };
}

function decodeDrhd(bytes: Uint8Array, v: DataView, at: number, slen: number): Drhd {
  if (slen < DRHD_HEADER_SIZE) throw new DmarDecodeError(at + 2, 'DRHD length', `${slen} is shorter than the 16-byte DRHD header`);
  const base = v.getBigUint64(at + 8, true);
  if (base % 4096n !== 0n || base >= 1n << 52n) throw new DmarDecodeError(at + 8, 'DRHD register base', `0x${base.toString(16)} is not a 4 KiB-aligned physical address`);
  const scopes: DeviceScope[] = [];
  let s = at + DRHD_HEADER_SIZE;
  const end = at + slen;
  while (s < end) {
    if (end - s < DEVICE_SCOPE_HEADER_SIZE) throw new DmarDecodeError(s, 'device scope', `${end - s} bytes left in the DRHD, a scope needs at least 6`);
    const type = bytes[s]!;
    const len = bytes[s + 1]!;
    if (len < DEVICE_SCOPE_HEADER_SIZE + 2 || (len - DEVICE_SCOPE_HEADER_SIZE) % 2 !== 0) {
      throw new DmarDecodeError(s + 1, 'device scope length', `${len} is not 6 plus a positive even number of path bytes`);
    }
    if (s + len > end) throw new DmarDecodeError(s + 1, 'device scope length', `${len} runs past the end of its DRHD (${end - s} bytes left)`);
    if (type < 1 || type > 5) throw new DmarDecodeError(s, 'device scope type', `${type} is not a known scope type (1..5)`);
    const path: PciPathEntry[] = [];
    for (let p = s + DEVICE_SCOPE_HEADER_SIZE; p < s + len; p += 2) {
      const device = bytes[p]!;
      const fn = bytes[p + 1]!;
      if (device > 31) throw new DmarDecodeError(p, 'path device', `${device} is above 31`);
      if (fn > 7) throw new DmarDecodeError(p + 1, 'path function', `${fn} is above 7`);
      path.push({ device, fn });
    }
    scopes.push({ type, enumerationId: bytes[s + 4]!, startBus: bytes[s + 5]!, path, offset: s });
    s += len;
  }
  return {
    includePciAll: (bytes[at + 4]! & DRHD_INCLUDE_PCI_ALL) !== 0, size: bytes[at + 5]!, segment: v.getUint16(at + 6, true),
    registerBase: Number(base), scopes, offset: at,
  };
}
