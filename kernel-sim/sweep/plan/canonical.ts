/**
 * Canonical JSON (object keys sorted, no spaces) and the stable job ID made from it: the same
 * parameters give the same ID on every machine and in every run.
 * @module
 */
import { createHash } from 'node:crypto';

/** `value` as JSON with every object's keys sorted. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = sortKeys(o[k]);
    return out;
  }
  return v;
}

/** The first 16 hex digits of the SHA-256 of `value`'s canonical JSON. */
export function stableId(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

/** The SHA-256 of `bytes` in hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
