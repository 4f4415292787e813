import { codecFor } from './codec/index.js';
import { MultibootError } from './errors.js';
import { FieldReader } from './field-reader.js';
import type { MultibootInfo, Tag } from './tags.js';

/** Bytes of the fixed header (total_size, reserved). */
export const MBI_HEADER_BYTES = 8;
const TAG_HEADER_BYTES = 8;
const END_TAG_BYTES = 8;
/** The smallest MBI: the fixed header and an end tag. */
export const MBI_MIN_BYTES = MBI_HEADER_BYTES + END_TAG_BYTES;

// Plain arithmetic, not bit masks: tag ends can pass 2^31, where `& ~7` turns negative.
const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/**
 * Checks the fixed header of an MBI against the number of bytes available, before anything
 * else is read or allocated.
 * @returns total_size.
 * @throws MultibootError when the header is cut short or total_size does not fit `available`.
 */
export function checkMbiHeader(header: Uint8Array, available: number): number {
  if (header.length < MBI_HEADER_BYTES) {
    throw new MultibootError('truncated-header', header.length, `only ${header.length} bytes: the fixed header needs ${MBI_HEADER_BYTES}`);
  }
  const totalSize = new DataView(header.buffer, header.byteOffset, 8).getUint32(0, true);
  if (totalSize < MBI_MIN_BYTES) {
    throw new MultibootError('total-size-too-small', 0, `total_size ${totalSize} is below the ${MBI_MIN_BYTES} bytes of a header and an end tag`);
  }
  if (totalSize > available) {
    throw new MultibootError('total-size-exceeds-data', 0, `total_size ${totalSize} exceeds the ${available} bytes given`);
  }
  if (available > totalSize) {
    throw new MultibootError('trailing-bytes', totalSize, `${available - totalSize} bytes follow the total_size ${totalSize} the header claims`);
  }
  return totalSize;
}

/**
 * Parses a Multiboot2 boot information structure (Multiboot2 specification 1.0, section 3.6):
 * the fixed header, then 8-byte aligned tags up to the end tag. Known tags are decoded, unknown
 * ones kept as raw bytes.
 * @throws MultibootError naming the byte offset of the first malformed field.
 */
export function parseMultiboot2(bytes: Uint8Array): MultibootInfo {
  const totalSize = checkMbiHeader(bytes, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reserved = view.getUint32(4, true);
  const tags: Tag[] = [];
  let offset = MBI_HEADER_BYTES;
  for (;;) {
    if (offset + TAG_HEADER_BYTES > totalSize) {
      throw new MultibootError('missing-end-tag', offset, `reached total_size ${totalSize} without an end tag`);
    }
    const type = view.getUint32(offset, true);
    const size = view.getUint32(offset + 4, true);
    if (size < TAG_HEADER_BYTES) {
      throw new MultibootError('tag-too-small', offset + 4, `tag type ${type} has size ${size}, below its own ${TAG_HEADER_BYTES}-byte header`);
    }
    const end = offset + size;
    const next = align8(end);
    if (next > totalSize) {
      throw new MultibootError('tag-overruns', offset + 4, `tag type ${type} of size ${size} at offset ${offset} runs past total_size ${totalSize}`);
    }
    tags.push(decodeTag(bytes, type, offset, end, next));
    if (type === 0) {
      if (size !== END_TAG_BYTES) throw new MultibootError('bad-end-tag', offset + 4, `end tag has size ${size}, not ${END_TAG_BYTES}`);
      if (next !== totalSize) {
        throw new MultibootError('bad-end-tag', offset, `end tag ends at ${next} but total_size is ${totalSize}`);
      }
      return { reserved, tags };
    }
    offset = next;
  }
}

function decodeTag(bytes: Uint8Array, type: number, offset: number, end: number, next: number): Tag {
  const r = new FieldReader(bytes, offset + TAG_HEADER_BYTES, end, type);
  const codec = codecFor(type);
  const fields: Tag = codec ? (codec.decode(r, type) as Tag) : { type, unknown: true, payload: r.rest() };
  const trailing = r.remaining > 0 ? r.rest() : undefined;
  const pad = bytes.subarray(end, next);
  const padding = pad.some((b) => b !== 0) ? pad.slice() : undefined;
  return { ...fields, offset, ...(trailing && { trailing }), ...(padding && { padding }) };
}
