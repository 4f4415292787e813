import { describe, expect, it } from 'vitest';
import { checkMemoryRegionErrorHandling, checkMemoryRegions } from '../../kernel-sim/audit/targets/target-01-memory-regions.js';
import { initMemoryRegions, listDatasets, loadLayout, readMbiFile } from '../../kernel-sim/boot/index.js';
import { bugSet } from '../../kernel-sim/bugs/index.js';

const captures = listDatasets().filter((d) => d.kind === 'mbi');

describe('Verification Target 1 on real captures', () => {
  it.each(captures.map((c) => [c.name, c.path]))('%s: all properties hold, fixed and audited', (_n, path) => {
    for (const bugs of [bugSet(), bugSet('MEM-01')]) {
      const report = checkMemoryRegions(loadLayout(path, { bugs }));
      expect(report.properties.map((p) => [p.property, p.violations])).toEqual(report.properties.map((p) => [p.property, []]));
    }
  });

  it.each(captures.map((c) => [c.name, c.path]))('%s: every damaged copy is refused with a typed error (property 8)', (_n, path) => {
    const result = checkMemoryRegionErrorHandling(readMbiFile(path).info);
    expect(result.cases.length).toBeGreaterThanOrEqual(11);
    expect(result.violations).toEqual([]);
  });

  it('the kernel, module and framebuffer regions are present and cut out of usable RAM', () => {
    const { info } = readMbiFile('datasets/mbi/q35-4G.mbi');
    const layout = initMemoryRegions(info);
    const kernel = layout.regions.find((r) => r.type === 'Kernel')!;
    expect(kernel.base).toBe(0x1000000n);
    const usable = layout.regions.filter((r) => r.type === 'Usable');
    expect(usable.some((u) => u.base < kernel.base + kernel.len && kernel.base < u.base + u.len)).toBe(false);
  });

  it('a layout with a missing kernel region or an overlap fails the right properties', () => {
    const { info } = readMbiFile('datasets/mbi/q35-4G.mbi');
    const layout = initMemoryRegions(info);
    const noKernel = { ...layout, regions: layout.regions.filter((r) => r.type !== 'Kernel') };
    const failed = checkMemoryRegions(noKernel).properties.filter((p) => !p.ok).map((p) => p.property);
    expect(failed).toEqual(['completeness', 'critical regions presence']);
    const grown = layout.regions.map((r) => (r.type === 'Usable' && r.base === 0n ? { ...r, len: r.len + 0x1000n } : r));
    const failed2 = checkMemoryRegions({ ...layout, regions: grown }).properties.filter((p) => !p.ok).map((p) => p.property);
    expect(failed2).toEqual(['non-overlapping', 'type correctness', 'usable memory integrity', 'consistency']);
  });
});
