import type { ByteWriter } from '../byte-writer.js';
import type { FieldReader } from '../field-reader.js';
import type { Tag, TagCommon } from '../tags.js';

/** A tag's fields without the bookkeeping every tag carries. */
export type TagFields<T extends Tag> = Omit<T, keyof TagCommon>;

/** Decodes and encodes the payload of one tag type (the bytes after type and size). */
export interface TagCodec<T extends Tag> {
  decode(r: FieldReader, type: number): TagFields<T>;
  encode(w: ByteWriter, tag: T): void;
}
