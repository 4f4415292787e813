/** Codecs of the two memory maps: the e820-style map (6) and the EFI memory map (17). */
import type { EfiMemoryDescriptor, EfiMmapTag, MmapEntry, MmapTag } from '../tags.js';
import type { ByteWriter } from '../byte-writer.js';
import type { FieldReader } from '../field-reader.js';
import type { TagCodec } from './codec.js';
import { fieldTable } from './fields.js';

const MMAP_ENTRY_BYTES = 24;
const EFI_DESCRIPTOR_BYTES = 40;
const U64_LIMIT = 1n << 64n;
const MMAP_ENTRY = fieldTable<MmapEntry>()(['base', 'u64', 'base_addr'], ['length', 'u64', 'length'], ['type', 'u32', 'type'], ['reserved', 'u32', 'reserved']);
const EFI_DESCRIPTOR = fieldTable<EfiMemoryDescriptor>()(
  ['type', 'u32', 'Type'], ['pad', 'u32', 'Pad'], ['physicalStart', 'u64', 'PhysicalStart'],
  ['virtualStart', 'u64', 'VirtualStart'], ['numberOfPages', 'u64', 'NumberOfPages'], ['attribute', 'u64', 'Attribute'],
);

/** Reads entry_size and checks the payload holds whole entries of at least `min` bytes. */
function entryGeometry(r: FieldReader, min: number, what: string): { size: number; version: number; count: number } {
  const sizeAt = r.pos;
  const size = r.u32(`${what} size`);
  const version = r.u32(`${what} version`);
  if (size < min) r.fail(sizeAt, 'entry-size-too-small', `${what} size ${size} is below the ${min} bytes of one entry`);
  const leftover = r.remaining % size;
  if (leftover !== 0) {
    r.fail(r.end - leftover, 'partial-entry', `${leftover} bytes at the end are not a whole ${size}-byte entry`);
  }
  return { size, version, count: r.remaining / size };
}

export const mmapCodec: TagCodec<MmapTag> = {
  decode: (r) => {
    const g = entryGeometry(r, MMAP_ENTRY_BYTES, 'entry');
    const entries: MmapEntry[] = [];
    for (let i = 0; i < g.count; i++) {
      const at = r.pos;
      const { base, length, type, reserved } = MMAP_ENTRY.read(r);
      if (length === 0n) r.fail(at + 8, 'zero-length-entry', `memory-map entry ${i} at base 0x${base.toString(16)} has length 0`);
      if (base + length > U64_LIMIT) {
        r.fail(at, 'entry-overflows', `memory-map entry ${i}: base 0x${base.toString(16)} + length 0x${length.toString(16)} passes 2^64`);
      }
      const extra = g.size > MMAP_ENTRY_BYTES ? r.bytesOf(g.size - MMAP_ENTRY_BYTES, 'entry extra') : undefined;
      entries.push(extra ? { base, length, type, reserved, extra } : { base, length, type, reserved });
    }
    return { type: 6, entrySize: g.size, entryVersion: g.version, entries };
  },
  encode: (w, t) => {
    w.u32(t.entrySize, 'entry_size');
    w.u32(t.entryVersion, 'entry_version');
    for (const e of t.entries) {
      MMAP_ENTRY.write(w, e);
      writeExtra(w, e.extra, t.entrySize - MMAP_ENTRY_BYTES);
    }
  },
};

export const efiMmapCodec: TagCodec<EfiMmapTag> = {
  decode: (r) => {
    const g = entryGeometry(r, EFI_DESCRIPTOR_BYTES, 'descriptor');
    const descriptors: EfiMemoryDescriptor[] = [];
    for (let i = 0; i < g.count; i++) {
      const d = EFI_DESCRIPTOR.read(r);
      const extra = g.size > EFI_DESCRIPTOR_BYTES ? r.bytesOf(g.size - EFI_DESCRIPTOR_BYTES, 'descriptor extra') : undefined;
      descriptors.push(extra ? { ...d, extra } : d);
    }
    return { type: 17, descriptorSize: g.size, descriptorVersion: g.version, descriptors };
  },
  encode: (w, t) => {
    w.u32(t.descriptorSize, 'descriptor_size');
    w.u32(t.descriptorVersion, 'descriptor_version');
    for (const d of t.descriptors) {
      EFI_DESCRIPTOR.write(w, d);
      writeExtra(w, d.extra, t.descriptorSize - EFI_DESCRIPTOR_BYTES);
    }
  },
};

/** The bytes past the fixed fields of an entry: as kept, or zeros. */
function writeExtra(w: ByteWriter, extra: Uint8Array | undefined, n: number): void {
  const out = new Uint8Array(n);
  if (extra) out.set(extra.subarray(0, n));
  w.bytes(out);
}
