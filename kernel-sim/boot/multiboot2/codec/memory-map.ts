/** Codecs of the two memory maps: the e820-style map (6) and the EFI memory map (17). */
import type { EfiMemoryDescriptor, EfiMmapTag, MmapEntry, MmapTag } from '../tags.js';
import type { ByteWriter } from '../byte-writer.js';
import type { FieldReader } from '../field-reader.js';
import type { TagCodec } from './codec.js';
import { fieldTable, type FieldTable } from './fields.js';

const U64_LIMIT = 1n << 64n;
const MMAP_ENTRY = fieldTable<MmapEntry>()(['base', 'u64', 'base_addr'], ['length', 'u64', 'length'], ['type', 'u32', 'type'], ['reserved', 'u32', 'reserved']);
const EFI_DESCRIPTOR = fieldTable<EfiMemoryDescriptor>()(
  ['type', 'u32', 'Type'], ['pad', 'u32', 'Pad'], ['physicalStart', 'u64', 'PhysicalStart'],
  ['virtualStart', 'u64', 'VirtualStart'], ['numberOfPages', 'u64', 'NumberOfPages'], ['attribute', 'u64', 'Attribute'],
);

/** An entry list: its fixed-field table, fixed size and what the entry is called. */
interface EntryKind<E> {
  readonly fields: FieldTable<E, any>;
  readonly bytes: number;
  readonly what: string;
}

/**
 * Reads entry_size, entry_version and whole entries of at least `kind.bytes` bytes; bytes past
 * the fixed fields are kept as `extra`. `check` vets each entry at its offset.
 */
function readEntries<E extends { extra?: Uint8Array }>(r: FieldReader, kind: EntryKind<E>, check?: (e: E, at: number, i: number) => void) {
  const sizeAt = r.pos;
  const size = r.u32(`${kind.what} size`);
  const version = r.u32(`${kind.what} version`);
  if (size < kind.bytes) r.fail(sizeAt, 'entry-size-too-small', `${kind.what} size ${size} is below the ${kind.bytes} bytes of one entry`);
  const leftover = r.remaining % size;
  if (leftover !== 0) r.fail(r.end - leftover, 'partial-entry', `${leftover} bytes at the end are not a whole ${size}-byte entry`);
  const count = r.remaining / size;
  const entries: E[] = [];
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    const e = kind.fields.read(r) as E;
    check?.(e, at, i);
    entries.push(size > kind.bytes ? { ...e, extra: r.bytesOf(size - kind.bytes, `${kind.what} extra`) } : e);
  }
  return { size, version, entries };
}

/** Writes entry_size, entry_version and the entries, each padded to `size` with its kept extra bytes. */
function writeEntries<E extends { extra?: Uint8Array }>(w: ByteWriter, kind: EntryKind<E>, size: number, version: number, entries: readonly E[]): void {
  w.u32(size, `${kind.what} size`);
  w.u32(version, `${kind.what} version`);
  for (const e of entries) {
    kind.fields.write(w, e);
    const extra = new Uint8Array(size - kind.bytes);
    if (e.extra) extra.set(e.extra.subarray(0, extra.length));
    w.bytes(extra);
  }
}

const MMAP: EntryKind<MmapEntry> = { fields: MMAP_ENTRY, bytes: 24, what: 'entry' };
const EFI: EntryKind<EfiMemoryDescriptor> = { fields: EFI_DESCRIPTOR, bytes: 40, what: 'descriptor' };

export const mmapCodec: TagCodec<MmapTag> = {
  decode: (r) => {
    const { size, version, entries } = readEntries(r, MMAP, (e, at, i) => {
      if (e.length === 0n) r.fail(at + 8, 'zero-length-entry', `memory-map entry ${i} at base 0x${e.base.toString(16)} has length 0`);
      if (e.base + e.length > U64_LIMIT) {
        r.fail(at, 'entry-overflows', `memory-map entry ${i}: base 0x${e.base.toString(16)} + length 0x${e.length.toString(16)} passes 2^64`);
      }
    });
    return { type: 6, entrySize: size, entryVersion: version, entries };
  },
  encode: (w, t) => writeEntries(w, MMAP, t.entrySize, t.entryVersion, t.entries),
};

export const efiMmapCodec: TagCodec<EfiMmapTag> = {
  decode: (r) => {
    const { size, version, entries } = readEntries(r, EFI);
    return { type: 17, descriptorSize: size, descriptorVersion: version, descriptors: entries };
  },
  encode: (w, t) => writeEntries(w, EFI, t.descriptorSize, t.descriptorVersion, t.descriptors),
};
