/**
 * Encoding and decoding of {@link Pod} values to and from little-endian bytes, checking that
 * every value fits its type (a u8 is an integer in [0, 255], a u64 a bigint in [0, 2^64), ...).
 * @module
 */
import { PodValueError } from './errors.js';
import type { Pod, PodScalarKind, PodValue } from './pod.js';

const RANGES: { readonly [K in PodScalarKind]?: readonly [number, number] } = {
  u8: [0, 0xff], u16: [0, 0xffff], u32: [0, 0xffffffff],
  i8: [-0x80, 0x7f], i16: [-0x8000, 0x7fff], i32: [-0x80000000, 0x7fffffff],
};
const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Decodes the value of `pod` from `view` at byte `at`. */
export function decodePod<P extends Pod>(pod: P, view: DataView, at: number): PodValue<P> {
  return decodeAny(pod, view, at) as PodValue<P>;
}

/**
 * Encodes `value` as `pod` into `view` at byte `at` (struct padding becomes zeros).
 * @throws PodValueError naming the field path when a value does not fit its type; bytes of
 *   fields before it may have been written to `view` (callers encode into scratch first).
 */
export function encodePod<P extends Pod>(pod: P, value: PodValue<P>, view: DataView, at: number): void {
  encodeAny(pod, value, view, at, '');
}

/** The bytes of `value` as `pod`: a new array of `pod.size` bytes. */
export function podBytes<P extends Pod>(pod: P, value: PodValue<P>): Uint8Array {
  const out = new Uint8Array(pod.size);
  encodePod(pod, value, new DataView(out.buffer), 0);
  return out;
}

/** The value `pod` describes in `bytes` from byte `at` (default 0). */
export function podFromBytes<P extends Pod>(pod: P, bytes: Uint8Array, at = 0): PodValue<P> {
  return decodePod(pod, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at);
}

function decodeAny(pod: Pod, v: DataView, at: number): unknown {
  switch (pod.kind) {
    case 'u8': return v.getUint8(at);
    case 'u16': return v.getUint16(at, true);
    case 'u32': return v.getUint32(at, true);
    case 'u64': return v.getBigUint64(at, true);
    case 'i8': return v.getInt8(at);
    case 'i16': return v.getInt16(at, true);
    case 'i32': return v.getInt32(at, true);
    case 'i64': return v.getBigInt64(at, true);
    case 'f32': return v.getFloat32(at, true);
    case 'f64': return v.getFloat64(at, true);
    case 'array': {
      const out: unknown[] = new Array(pod.length);
      for (let i = 0; i < pod.length; i++) out[i] = decodeAny(pod.element, v, at + i * pod.element.size);
      return out;
    }
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const name of Object.keys(pod.fields)) {
        const f = pod.fields[name]!;
        out[name] = decodeAny(f.type, v, at + f.offset);
      }
      return out;
    }
  }
}

function encodeAny(pod: Pod, value: unknown, v: DataView, at: number, path: string): void {
  switch (pod.kind) {
    case 'u64':
      if (typeof value !== 'bigint' || value < 0n || value > U64_MAX) throw new PodValueError(path, pod.kind, value);
      v.setBigUint64(at, value, true);
      return;
    case 'i64':
      if (typeof value !== 'bigint' || value < I64_MIN || value > I64_MAX) throw new PodValueError(path, pod.kind, value);
      v.setBigInt64(at, value, true);
      return;
    case 'f32':
    case 'f64':
      if (typeof value !== 'number') throw new PodValueError(path, pod.kind, value);
      if (pod.kind === 'f32') v.setFloat32(at, value, true);
      else v.setFloat64(at, value, true);
      return;
    case 'array': {
      if (!Array.isArray(value) || value.length !== pod.length) throw new PodValueError(path, `[${pod.element.kind}; ${pod.length}]`, value);
      for (let i = 0; i < pod.length; i++) encodeAny(pod.element, value[i], v, at + i * pod.element.size, `${path}[${i}]`);
      return;
    }
    case 'struct': {
      if (typeof value !== 'object' || value === null) throw new PodValueError(path, 'struct', value);
      const rec = value as Record<string, unknown>;
      for (let i = 0; i < pod.size; i++) v.setUint8(at + i, 0); // padding reads back as zeros
      for (const name of Object.keys(pod.fields)) {
        const f = pod.fields[name]!;
        encodeAny(f.type, rec[name], v, at + f.offset, path === '' ? name : `${path}.${name}`);
      }
      return;
    }
    default: {
      const [min, max] = RANGES[pod.kind]!;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new PodValueError(path, pod.kind, value);
      if (pod.size === 1) v.setUint8(at, value & 0xff);
      else if (pod.size === 2) v.setUint16(at, value & 0xffff, true);
      else v.setUint32(at, value >>> 0, true);
    }
  }
}
