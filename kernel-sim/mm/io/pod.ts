/**
 * Plain-old-data (Rust `Pod`) types as small typed descriptions: scalars, fixed-length arrays
 * and structs with explicit field offsets, size and alignment, all little-endian. A description
 * carries its JS value type, so `readVal(0, U64)` is a `bigint` and
 * `readVal(0, podStruct({ a: { offset: 0, type: U32 } }))` is `{ a: number }`.
 *
 * Simplification: zero-sized types (Rust allows them as Pod) are refused; padding bytes are
 * written as zeros and ignored when read.
 * @module
 */
import { PodSpecError } from './errors.js';

/** The scalar kinds: Rust's integer and float primitives. */
export type PodScalarKind = 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64' | 'f32' | 'f64';

/** A scalar type; `size` and `align` are equal, as for Rust primitives on x86-64. */
export interface PodScalar<K extends PodScalarKind = PodScalarKind> {
  readonly kind: K;
  readonly size: number;
  readonly align: number;
}

/** `[E; length]`: elements laid out every `element.size` bytes. */
export interface PodArray<E extends Pod = Pod> {
  readonly kind: 'array';
  readonly element: E;
  readonly length: number;
  readonly size: number;
  readonly align: number;
}

/** One field of a struct: its byte offset from the struct's start and its type. */
export interface PodField<T extends Pod = Pod> {
  readonly offset: number;
  readonly type: T;
}

/** The fields of a struct, by name. */
export type PodFields = { readonly [name: string]: PodField };

/** A fixed-layout struct (`#[repr(C)]` or explicit): fields at given offsets. */
export interface PodStruct<F extends PodFields = PodFields> {
  readonly kind: 'struct';
  readonly fields: F;
  readonly size: number;
  readonly align: number;
}

/** Any Pod type description. */
export type Pod = PodScalar | PodArray | PodStruct;

/** The JS value of a Pod type: bigint for 64-bit integers, number for other scalars. */
export type PodValue<P> = P extends PodScalar<infer K>
  ? K extends 'u64' | 'i64'
    ? bigint
    : number
  : P extends PodArray<infer E>
    ? PodValue<E>[]
    : P extends PodStruct<infer F>
      ? { [N in keyof F]: PodValue<F[N]['type']> }
      : never;

const scalar = <K extends PodScalarKind>(kind: K, size: number): PodScalar<K> => Object.freeze({ kind, size, align: size });

/** `u8`. */
export const U8 = scalar('u8', 1);
/** `u16`. */
export const U16 = scalar('u16', 2);
/** `u32`. */
export const U32 = scalar('u32', 4);
/** `u64`, read as a bigint. */
export const U64 = scalar('u64', 8);
/** `i8`. */
export const I8 = scalar('i8', 1);
/** `i16`. */
export const I16 = scalar('i16', 2);
/** `i32`. */
export const I32 = scalar('i32', 4);
/** `i64`, read as a bigint. */
export const I64 = scalar('i64', 8);
/** `f32` (values are rounded to single precision when written). */
export const F32 = scalar('f32', 4);
/** `f64`. */
export const F64 = scalar('f64', 8);

/** Every scalar type by kind. */
export const POD_SCALARS: { readonly [K in PodScalarKind]: PodScalar<K> } = {
  u8: U8, u16: U16, u32: U32, u64: U64, i8: I8, i16: I16, i32: I32, i64: I64, f32: F32, f64: F64,
};

/**
 * `[element; length]`.
 * @throws PodSpecError when `length` is not a positive integer.
 */
export function podArray<E extends Pod>(element: E, length: number): PodArray<E> {
  if (!Number.isSafeInteger(length) || length < 1) throw new PodSpecError(`array length ${length} is not a positive integer`);
  return Object.freeze({ kind: 'array', element, length, size: element.size * length, align: element.align });
}

/** Explicit size and alignment of a struct; each defaults to what `#[repr(C)]` would give. */
export interface PodStructLayout {
  /** Total size in bytes; defaults to the end of the last field rounded up to `align`. */
  readonly size?: number;
  /** Alignment (a power of two); defaults to the largest field alignment. 1 is `#[repr(packed)]`. */
  readonly align?: number;
}

/**
 * A struct with fields at explicit offsets.
 * @throws PodSpecError when a field lies outside the size or overlaps another, an offset is not
 *   a multiple of min(field align, struct align), the alignment is not a power of two, the size
 *   is not a multiple of it, or the struct has no bytes.
 */
export function podStruct<F extends PodFields>(fields: F, layout: PodStructLayout = {}): PodStruct<F> {
  const list = Object.keys(fields).map((name) => ({ name, ...fields[name]! }));
  const natural = list.reduce((a, f) => Math.max(a, f.type.align), 1);
  const align = layout.align !== undefined ? layout.align : natural;
  if (!Number.isSafeInteger(align) || align < 1 || (align & (align - 1)) !== 0) throw new PodSpecError(`struct alignment ${align} is not a power of two`);
  const extent = list.reduce((a, f) => Math.max(a, f.offset + f.type.size), 0);
  const size = layout.size !== undefined ? layout.size : Math.ceil(extent / align) * align;
  if (!Number.isSafeInteger(size) || size < 1) throw new PodSpecError(`struct size ${size} is not a positive integer (zero-sized Pod types are not modelled)`);
  if (size % align !== 0) throw new PodSpecError(`struct size ${size} is not a multiple of its alignment ${align}`);
  for (const f of list) {
    if (!Number.isSafeInteger(f.offset) || f.offset < 0) throw new PodSpecError(`field '${f.name}' has offset ${f.offset}`);
    if (f.offset + f.type.size > size) throw new PodSpecError(`field '${f.name}' [${f.offset}, ${f.offset + f.type.size}) ends past the struct's size ${size}`);
    // A packed struct (align 1) may place fields anywhere; otherwise fields sit on their alignment.
    if (f.offset % Math.min(f.type.align, align) !== 0) throw new PodSpecError(`field '${f.name}' at offset ${f.offset} is not aligned to ${Math.min(f.type.align, align)}`);
  }
  const sorted = [...list].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.offset < prev.offset + prev.type.size) throw new PodSpecError(`fields '${prev.name}' and '${cur.name}' overlap`);
  }
  return Object.freeze({ kind: 'struct', fields, size, align });
}

/** A short name of a Pod type, e.g. `u64`, `[u32; 4]`, `struct(24)`. */
export function podName(pod: Pod): string {
  if (pod.kind === 'array') return `[${podName(pod.element)}; ${pod.length}]`;
  if (pod.kind === 'struct') return `struct(${pod.size})`;
  return pod.kind;
}
