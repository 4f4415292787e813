/**
 * Fixed little-endian fields described once as a table, so a tag's decoder and encoder cannot
 * drift apart: each row names the object key, the width and the field name the spec uses.
 * @module
 */
import type { ByteWriter } from '../byte-writer.js';
import type { FieldReader } from '../field-reader.js';

/** A field width; u64 fields are bigints, the others numbers. */
export type Width = 'u8' | 'u16' | 'u32' | 'u64';

/** A table of fields of `T` (the keys `K`), read and written in row order. */
export interface FieldTable<T, K extends keyof T> {
  read(r: FieldReader): Pick<T, K>;
  write(w: ByteWriter, value: Pick<T, K>): void;
}

/**
 * Builds a field table for `T`: `fieldTable<ModuleTag>()(['modStart', 'u32', 'mod_start'], ...)`.
 * (Curried so the keys are inferred while `T` is given.)
 */
export function fieldTable<T>() {
  return <K extends Extract<keyof T, string>>(...rows: readonly (readonly [key: K, width: Width, name: string])[]): FieldTable<T, K> => ({
    read(r) {
      const out: Record<string, number | bigint> = {};
      for (const [key, width, name] of rows) out[key] = r[width](name);
      return out as unknown as Pick<T, K>;
    },
    write(w, value) {
      for (const [key, width, name] of rows) {
        const v = value[key] as unknown as number | bigint;
        if (width === 'u64') w.u64(v as bigint, name);
        else w[width](v as number, name);
      }
    },
  });
}
