import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMemoryRegions } from '../../kernel-sim/audit/targets/target-01-memory-regions.js';
import { MEMORY_REGION_TYPES, nonOverlappingRegionsFrom, regionsFromJson, truncate, type MemoryRegion, type SourcedRegion } from '../../kernel-sim/boot/index.js';
import { bugSet } from '../../kernel-sim/bugs/index.js';

// The audit's MEM-01 proof of concept (base, end, type).
const POC = regionsFromJson([
  { base: 4, end: 9, type: 'Usable' },
  { base: 5, end: 9, type: 'Usable' },
  { base: 1, end: 2, type: 'Reserved' },
  { base: 3, end: 5, type: 'Reserved' },
  { base: 8, end: 10, type: 'Reserved' },
  { base: 11, end: 12, type: 'Reserved' },
]);
const r = (base: number, end: number, type: MemoryRegion['type']): MemoryRegion => ({ base: BigInt(base), len: BigInt(end - base), type });
const sorted = (rs: MemoryRegion[]) => [...rs].sort((a, b) => Number(a.base - b.base) || a.type.localeCompare(b.type));
const asLayout = (input: MemoryRegion[], regions: MemoryRegion[]) => ({
  input: input.map((x, index): SourcedRegion => ({ ...x, source: { kind: 'mmap', index, mmapType: 0 } })),
  regions,
  hasFramebuffer: false,
});

describe('non_overlapping_regions_from and MEM-01', () => {
  it('audited: the PoC hands 5-8 to the allocator twice, after the reserved regions', () => {
    const out = nonOverlappingRegionsFrom(POC, { bugs: bugSet('MEM-01') });
    expect(out).toEqual([r(1, 2, 'Reserved'), r(3, 5, 'Reserved'), r(8, 10, 'Reserved'), r(11, 12, 'Reserved'), r(5, 8, 'Usable'), r(5, 8, 'Usable')]);
  });

  it("fixed: the PoC gives the audit's expected output", () => {
    const out = nonOverlappingRegionsFrom(POC);
    expect(sorted(out)).toEqual(sorted([r(5, 8, 'Usable'), r(1, 2, 'Reserved'), r(3, 5, 'Reserved'), r(8, 10, 'Reserved'), r(11, 12, 'Reserved')]));
  });

  it('Target 1 catches the audited duplicate and passes the fixed output', () => {
    const buggy = checkMemoryRegions(asLayout(POC, nonOverlappingRegionsFrom(POC, { bugs: bugSet('MEM-01') })));
    const failed = buggy.properties.filter((p) => !p.ok).map((p) => p.property);
    expect(failed).toEqual(['non-overlapping', 'usable memory integrity', 'consistency']);
    expect(buggy.properties.find((p) => p.property === 'usable memory integrity')!.violations[0]).toContain('[0x5, 0x8) is handed to the allocator twice');
    expect(checkMemoryRegions(asLayout(POC, nonOverlappingRegionsFrom(POC))).ok).toBe(true);
  });

  it('truncate follows the audited cases: inside, left, right, around, apart', () => {
    const u = r(10, 20, 'Usable');
    expect(truncate(u, r(12, 15, 'Reserved'))).toEqual([r(10, 12, 'Usable'), r(15, 20, 'Usable')]);
    expect(truncate(u, r(5, 12, 'Reserved'))).toEqual([r(12, 20, 'Usable')]);
    expect(truncate(u, r(15, 25, 'Reserved'))).toEqual([r(10, 15, 'Usable')]);
    expect(truncate(u, r(5, 25, 'Reserved'))).toEqual([]);
    expect(truncate(u, r(20, 25, 'Reserved'))).toEqual([u]);
    expect(truncate(u, r(0, 10, 'Reserved'))).toEqual([u]);
  });

  it('a Reclaimable region overlapping a Usable one wins the overlap when fixed', () => {
    const input = [r(0, 100, 'Usable'), r(50, 150, 'Reclaimable')];
    expect(nonOverlappingRegionsFrom(input)).toEqual([r(0, 50, 'Usable'), r(50, 150, 'Reclaimable')]);
    expect(nonOverlappingRegionsFrom(input, { bugs: bugSet('MEM-01') })).toEqual(input);
  });

  const regionArb = fc.record({
    base: fc.bigInt({ min: 0n, max: 1000n }),
    len: fc.bigInt({ min: 1n, max: 300n }),
    type: fc.constantFrom(...MEMORY_REGION_TYPES),
  });

  it('fixed output satisfies Target 1 properties 1-6 for any input', () => {
    fc.assert(
      fc.property(fc.array(regionArb, { maxLength: 12 }), (input) => {
        const report = checkMemoryRegions(asLayout(input, nonOverlappingRegionsFrom(input)));
        expect(report.properties.filter((p) => !p.ok)).toEqual([]);
      }),
      { numRuns: 3_000, seed: 1 },
    );
  });

  it('audited output fails usable integrity exactly when usable inputs overlap after truncation', () => {
    fc.assert(
      fc.property(fc.array(regionArb, { maxLength: 10 }), (input) => {
        const audited = nonOverlappingRegionsFrom(input, { bugs: bugSet('MEM-01') });
        const usable = audited.filter((x) => x.type === 'Usable' || x.type === 'Reclaimable');
        const dup = usable.some((a, i) => usable.some((b, j) => j > i && a.base < b.base + b.len && b.base < a.base + a.len));
        const integrity = checkMemoryRegions(asLayout(input, audited)).properties.find((p) => p.property === 'usable memory integrity')!;
        expect(integrity.ok).toBe(!dup);
      }),
      { numRuns: 3_000, seed: 2 },
    );
  });
});
