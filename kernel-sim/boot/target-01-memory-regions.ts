/**
 * Verification Target 1 (memory region initialization) as executable checks of one
 * `init_memory_regions` run: completeness, non-overlap, type correctness, address validity,
 * usable integrity, consistency and critical regions present. Property 8, error handling, is
 * {@link checkMemoryRegionErrorHandling}: it runs the parser on damaged copies of an MBI.
 *
 * Non-overlap is asked of the usable regions: FG1.1 passes the other regions through unchanged,
 * so overlaps among them (firmware maps have some) are notes, not violations.
 * @module
 */
import { isUsableType, regionRange, type MemoryRegion } from './memory-region.js';
import type { MemoryLayout } from './init-memory-regions.js';
import { buildMultiboot2, findTag, MultibootError, parseMultiboot2, type MultibootInfo } from './multiboot2/index.js';
import { coveredBytes, formatRange, overlaps as rangesMeet, subtract, unionOf, type Range } from '../util/bigint-ranges.js';
import { property, targetReport, type PropertyResult, type TargetReport } from '../util/property-result.js';

/** x86-64's architectural limit of physical addresses (MAXPHYADDR 52). */
export const MAX_PHYS_ADDR = 1n << 52n;
const U64_LIMIT = 1n << 64n;

// Ranges share a byte: an empty range (a module with mod_start == mod_end) overlaps nothing.
const overlaps = (a: Range, b: Range): boolean => a.start < a.end && b.start < b.end && rangesMeet(a, b);
const show = (r: MemoryRegion): string => `${r.type} ${formatRange(regionRange(r))}`;
const sameRegion = (a: MemoryRegion, b: MemoryRegion): boolean => a.base === b.base && a.len === b.len && a.type === b.type;

/** Checks properties 1-7 of Target 1 on the input and output of one run. */
export function checkMemoryRegions(layout: MemoryLayout): TargetReport {
  const { input, regions } = layout;
  const usableOut = regions.filter((r) => isUsableType(r.type));
  const unusableIn = input.filter((r) => !isUsableType(r.type));
  const results: PropertyResult[] = [
    completeness(input, regions),
    nonOverlap(regions, usableOut),
    typeCorrectness(input, regions),
    addressValidity(regions),
    usableIntegrity(usableOut, unusableIn),
    consistency(input, usableOut),
    criticalRegions(layout),
  ];
  return targetReport(1, results);
}

function completeness(input: readonly MemoryRegion[], out: readonly MemoryRegion[]): PropertyResult {
  const v: string[] = [];
  const covered = unionOf(out.map(regionRange));
  for (const r of input) {
    const missing = subtract([regionRange(r)], covered);
    if (missing.length > 0) v.push(`input ${show(r)} has bytes in no output region: ${missing.map(formatRange).join(', ')}`);
    if (!isUsableType(r.type) && !out.some((o) => sameRegion(o, r))) v.push(`input ${show(r)} is not passed through unchanged`);
  }
  return property('completeness', v);
}

function nonOverlap(out: readonly MemoryRegion[], usable: readonly MemoryRegion[]): PropertyResult {
  const v: string[] = [];
  const notes: string[] = [];
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const a = out[i]!;
      const b = out[j]!;
      if (!overlaps(regionRange(a), regionRange(b))) continue;
      const line = `${show(a)} overlaps ${show(b)}`;
      if (usable.includes(a) || usable.includes(b)) v.push(line);
      else notes.push(`passed through: ${line}`);
    }
  }
  return property('non-overlapping', v, notes);
}

function typeCorrectness(input: readonly MemoryRegion[], out: readonly MemoryRegion[]): PropertyResult {
  const v: string[] = [];
  for (const o of out) {
    if (isUsableType(o.type)) {
      const sameType = input.filter((r) => r.type === o.type).map(regionRange);
      if (subtract([regionRange(o)], sameType).length > 0) v.push(`${show(o)} lies outside every input region of type ${o.type}`);
    } else if (!input.some((r) => sameRegion(r, o))) {
      v.push(`${show(o)} matches no input region`);
    }
  }
  return property('type correctness', v);
}

function addressValidity(out: readonly MemoryRegion[]): PropertyResult {
  const v: string[] = [];
  const notes: string[] = [];
  for (const o of out) {
    // An empty unusable region is the input's, passed through unchanged (FG1.1): a note.
    if (o.len < 0n || (o.len === 0n && isUsableType(o.type))) v.push(`${o.type} region at 0x${o.base.toString(16)} has length ${o.len}`);
    else if (o.len === 0n) notes.push(`passed through: ${o.type} region at 0x${o.base.toString(16)} is empty`);
    if (o.base < 0n || o.base + o.len > U64_LIMIT) v.push(`${show(o)} is outside the 64-bit address space`);
    else if (isUsableType(o.type) && o.base + o.len > MAX_PHYS_ADDR) v.push(`${show(o)} ends above the 52-bit physical address limit`);
  }
  return property('address range validity', v, notes);
}

function usableIntegrity(usable: readonly MemoryRegion[], unusableIn: readonly MemoryRegion[]): PropertyResult {
  const v: string[] = [];
  const blocked = unusableIn.map(regionRange);
  for (const o of usable) {
    const clash = blocked.filter((b) => overlaps(b, regionRange(o)));
    if (clash.length > 0) v.push(`${show(o)} overlaps unusable input ${clash.map(formatRange).join(', ')}`);
  }
  for (let i = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++) {
      const a = regionRange(usable[i]!);
      const b = regionRange(usable[j]!);
      if (overlaps(a, b)) {
        const start = a.start > b.start ? a.start : b.start;
        const end = a.end < b.end ? a.end : b.end;
        v.push(`${formatRange({ start, end })} is handed to the allocator twice (${show(usable[i]!)} and ${show(usable[j]!)})`);
      }
    }
  }
  return property('usable memory integrity', v);
}

/** The usable bytes the allocator should get: usable input minus every unusable input. */
export function expectedUsableBytes(input: readonly MemoryRegion[]): bigint {
  const usableIn = input.filter((r) => isUsableType(r.type)).map(regionRange);
  const unusableIn = input.filter((r) => !isUsableType(r.type)).map(regionRange);
  return coveredBytes(subtract(usableIn, unusableIn));
}

function consistency(input: readonly MemoryRegion[], usable: readonly MemoryRegion[]): PropertyResult {
  const expected = expectedUsableBytes(input);
  const handed = usable.reduce((n, r) => n + r.len, 0n);
  return property('consistency', handed === expected ? [] : [`usable regions sum to ${handed} bytes, but the map has ${expected} usable bytes`]);
}

function criticalRegions(layout: MemoryLayout): PropertyResult {
  const v: string[] = [];
  const want = layout.input.filter((r) => r.source.kind !== 'mmap');
  for (const r of want) if (!layout.regions.some((o) => sameRegion(o, r))) v.push(`${r.source.kind} region ${show(r)} is missing`);
  if (layout.hasFramebuffer && !want.some((r) => r.source.kind === 'framebuffer')) v.push('framebuffer tag present but no framebuffer region');
  return property('critical regions presence', v);
}

/** A damaged copy of an MBI and how the parser answered it. */
export interface ErrorHandlingCase {
  readonly damage: string;
  /** The typed error's code and offset, or 'accepted' when the damage left a valid MBI. */
  readonly outcome: string;
  readonly ok: boolean;
}

/**
 * Property 8 of Target 1: damages an MBI in each way the seed's error-handling property and
 * the Multiboot2 layout allow (cut short, total_size too big or small, a tag's size broken, the
 * end tag removed, a memory-map entry emptied or overflowing) and checks each is refused with a
 * {@link MultibootError} whose offset lies inside the structure, never any other exception.
 */
export function checkMemoryRegionErrorHandling(info: MultibootInfo): PropertyResult & { cases: ErrorHandlingCase[] } {
  const bytes = buildMultiboot2(info);
  const cases = damagedCopies(bytes).map(({ damage, data }) => {
    try {
      parseMultiboot2(data);
      return { damage, outcome: 'accepted', ok: false };
    } catch (e) {
      const ok = e instanceof MultibootError && e.offset >= 0 && e.offset <= data.length;
      return { damage, outcome: e instanceof MultibootError ? `${e.code} at ${e.offset}` : String(e), ok };
    }
  });
  const v = cases.filter((c) => !c.ok).map((c) => `${c.damage}: ${c.outcome}`);
  return { ...property('error handling', v), cases };
}

function damagedCopies(bytes: Uint8Array): { damage: string; data: Uint8Array }[] {
  const out: { damage: string; data: Uint8Array }[] = [];
  const edit = (damage: string, f: (d: Uint8Array, v: DataView) => Uint8Array | void): void => {
    const d = bytes.slice();
    const r = f(d, new DataView(d.buffer));
    // A void callback edits `d` in place; tslab's non-strict checking needs the explicit test.
    out.push({ damage, data: r instanceof Uint8Array ? r : d });
  };
  edit('cut to 4 bytes', (d) => d.slice(0, 4));
  edit('cut by 8 bytes', (d) => d.slice(0, d.length - 8));
  edit('total_size 4 GiB - 1', (_, v) => v.setUint32(0, 0xffffffff, true));
  edit('total_size 8', (_, v) => v.setUint32(0, 8, true));
  edit('trailing byte', (d) => { const e = new Uint8Array(d.length + 1); e.set(d); return e; });
  edit('first tag size 4', (_, v) => v.setUint32(12, 4, true));
  edit('first tag size past the end', (d, v) => v.setUint32(12, d.length, true));
  edit('end tag removed', (d, v) => { const e = d.slice(0, d.length - 8); new DataView(e.buffer).setUint32(0, e.length, true); void v; return e; });
  const mmapAt = findTag(parseMultiboot2(bytes), 6)?.offset;
  if (mmapAt !== undefined) {
    edit('memory-map entry_size 16', (_, v) => v.setUint32(mmapAt + 8, 16, true));
    edit('first memory-map entry length 0', (_, v) => v.setBigUint64(mmapAt + 16 + 8, 0n, true));
    edit('first memory-map entry overflows 2^64', (_, v) => { v.setBigUint64(mmapAt + 16, 0xffff_ffff_ffff_f000n, true); v.setBigUint64(mmapAt + 24, 0x2000n, true); });
  }
  return out;
}
