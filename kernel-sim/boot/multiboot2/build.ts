import { ByteWriter } from './byte-writer.js';
import { codecFor } from './codec/index.js';
import { isUnknownTag, type MultibootInfo, type Tag } from './tags.js';

/**
 * Builds the bytes of a Multiboot2 information structure from its tags: each tag's header,
 * fields, kept trailing bytes, then padding to 8 bytes (zeros unless the tag kept its own).
 * An end tag is appended when the last tag is not one.
 * @throws MultibootBuildError when a field does not fit its width.
 */
export function buildMultiboot2(info: MultibootInfo): Uint8Array {
  const w = new ByteWriter();
  w.u32(0, 'total_size');
  w.u32(info.reserved, 'reserved');
  const tags = info.tags.length > 0 && info.tags[info.tags.length - 1]!.type === 0 ? info.tags : [...info.tags, { type: 0 } as Tag];
  for (const tag of tags) writeTag(w, tag);
  w.patchU32(0, w.length, 'total_size');
  return w.finish();
}

function writeTag(w: ByteWriter, tag: Tag): void {
  const start = w.length;
  w.u32(tag.type, 'tag type');
  w.u32(0, 'tag size');
  if (isUnknownTag(tag)) w.bytes(tag.payload);
  else codecFor(tag.type)?.encode(w, tag);
  if (tag.trailing) w.bytes(tag.trailing);
  w.patchU32(start + 4, w.length - start, 'tag size');
  if (tag.padding) w.bytes(tag.padding);
  else w.alignTo(8);
}
