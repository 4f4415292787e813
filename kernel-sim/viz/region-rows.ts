/**
 * Memory regions as chart rows: numbers for the axes (exact below 2^53, which every physical
 * address is: x86-64 stops at 2^52) and hex strings for tooltips.
 * @module
 */
import type { MemoryRegion } from '../boot/memory-region.js';
import { VizError } from './errors.js';

/** One region as a row of an address-strip chart. */
export interface RegionRow {
  readonly row: string;
  readonly type: string;
  readonly base: number;
  readonly end: number;
  readonly baseHex: string;
  readonly endHex: string;
  readonly bytes: number;
}

function exact(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new VizError(`${what} 0x${v.toString(16)} is above 2^53 and cannot be charted exactly`);
  return Number(v);
}

/** Rows for `regions`, all on row `row`, optionally clipped to [0, clipEnd). */
export function regionRows(row: string, regions: readonly MemoryRegion[], clipEnd?: bigint): RegionRow[] {
  const out: RegionRow[] = [];
  for (const r of regions) {
    let end = r.base + r.len;
    if (clipEnd !== undefined) {
      if (r.base >= clipEnd) continue;
      if (end > clipEnd) end = clipEnd;
    }
    out.push({
      row,
      type: r.type,
      base: exact(r.base, 'base'),
      end: exact(end, 'end'),
      baseHex: '0x' + r.base.toString(16),
      endHex: '0x' + (r.base + r.len).toString(16),
      bytes: exact(r.len, 'length'),
    });
  }
  return out;
}
