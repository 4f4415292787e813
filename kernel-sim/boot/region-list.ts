/**
 * Region lists as JSON: `[{base, length|end, type}]`, the type a region-type name or a
 * Multiboot2 memory-map number; addresses as numbers, decimal strings or 0x-hex strings.
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import { isMemoryRegionType, regionTypeFromMmap, type MemoryRegion } from './memory-region.js';

/** A region-list entry that could not be read, with its index in the list. */
export class RegionListError extends KernelSimError {
  constructor(
    readonly index: number | undefined,
    detail: string,
  ) {
    super(index === undefined ? `region list: ${detail}` : `region list entry ${index}: ${detail}`);
  }
}

const U64_LIMIT = 1n << 64n;

function exactInteger(v: unknown, field: string, index: number): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new RegionListError(index, `${field} ${v} is not an exact integer (give it as a string)`);
    return BigInt(v);
  }
  if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|\d+)$/.test(v.trim())) return BigInt(v.trim());
  throw new RegionListError(index, `${field} ${JSON.stringify(v)} is not an integer, decimal string or 0x-hex string`);
}

/**
 * Reads a region list from parsed JSON.
 * @throws RegionListError naming the entry and field that is wrong.
 */
export function regionsFromJson(json: unknown): MemoryRegion[] {
  if (!Array.isArray(json)) throw new RegionListError(undefined, 'expected a JSON array of {base, length|end, type}');
  return json.map((e: unknown, i): MemoryRegion => {
    if (typeof e !== 'object' || e === null) throw new RegionListError(i, 'expected an object');
    const o = e as Record<string, unknown>;
    if (!('base' in o)) throw new RegionListError(i, 'missing base');
    const base = exactInteger(o.base, 'base', i);
    let len: bigint;
    if ('length' in o) len = exactInteger(o.length, 'length', i);
    else if ('end' in o) len = exactInteger(o.end, 'end', i) - base;
    else throw new RegionListError(i, 'needs length or end');
    if (len <= 0n) throw new RegionListError(i, `region at base 0x${base.toString(16)} has length ${len}`);
    if (base + len > U64_LIMIT) throw new RegionListError(i, `base 0x${base.toString(16)} + length 0x${len.toString(16)} passes 2^64`);
    return { base, len, type: regionType(o.type, i) };
  });
}

function regionType(t: unknown, i: number): MemoryRegion['type'] {
  if (typeof t === 'string' && isMemoryRegionType(t)) return t;
  if (typeof t === 'number' && Number.isInteger(t) && t >= 0) return regionTypeFromMmap(t);
  throw new RegionListError(i, `type ${JSON.stringify(t)} is neither a region type name (Usable, Reserved, ...) nor a Multiboot2 memory-map number`);
}

/** The list as plain JSON objects `{base, end, type}` with exact bigint addresses. */
export function regionsToJson(regions: readonly MemoryRegion[]): { base: bigint; end: bigint; type: string }[] {
  return regions.map((r) => ({ base: r.base, end: r.base + r.len, type: r.type }));
}
